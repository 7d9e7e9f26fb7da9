"""Training: `runs` trains every algorithm on what the database holds and promotes the artifacts;
`task` is the Celery task (`ml` queue) that runs one `TrainingRun`. Scheduled and batch entry
points are in `recommender.tasks`, the module Celery discovers."""
