"""Batch precompute fanned out on Celery (issue 25).

users.py pages through the active users by id (keyset), signals.py reads a chunk's signals in
one query, chunk.py ranks a chunk (one batched ALS fold-in and one batched ANN search when the
ALS model is active, else the per-user online path; ranking.py) and writes the compact records
of recommender/serving/batch.py under keys tagged with the user's activity version and the active
model versions; run.py runs it in one process (the demo, tests).
"""
