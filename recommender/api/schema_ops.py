"""Response shapes of the operations and analytics endpoints, for the OpenAPI schema."""

from rest_framework import serializers


class TrainingRunOutputSerializer(serializers.Serializer):
    run_id = serializers.IntegerField()
    task_id = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    algorithms = serializers.ListField(child=serializers.CharField())
    progress = serializers.DictField(help_text="per algorithm: state, seconds, metrics")
    error = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    status_url = serializers.CharField()


class ModelStateSerializer(serializers.Serializer):
    version = serializers.IntegerField(allow_null=True)
    trained_at = serializers.DateTimeField(allow_null=True)
    metrics = serializers.DictField(allow_null=True)
    size_bytes = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(choices=["serving", "unloadable", "not trained"])
    in_fallback_chain = serializers.BooleanField()

    def get_fields(self) -> dict[str, serializers.Field]:
        # `data` as a class attribute would shadow Serializer.data.
        fields = super().get_fields()
        fields["data"] = serializers.DictField(
            allow_null=True, help_text="users, items, interactions trained on"
        )
        return fields


class ModelStatusOutputSerializer(serializers.Serializer):
    """One entry per algorithm, keyed by its name (hybrid, item_knn, content, ...)."""

    hybrid = ModelStateSerializer()
    item_knn = ModelStateSerializer()
    content = ModelStateSerializer()


class _CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    histogram = serializers.DictField(child=serializers.IntegerField(), help_text="rating -> count")


class UserPatternsOutputSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    titles_engaged = serializers.IntegerField()
    ratings = _CountSerializer()
    interactions = serializers.DictField(child=serializers.IntegerField())
    top_genres = serializers.ListField(child=serializers.DictField())
    languages = serializers.ListField(child=serializers.DictField())
    kinds = serializers.DictField(child=serializers.IntegerField())
    by_weekday = serializers.DictField(child=serializers.IntegerField())
    by_hour = serializers.DictField(child=serializers.IntegerField())


class ContentPerformanceRowSerializer(serializers.Serializer):
    content_id = serializers.IntegerField()
    title = serializers.CharField()
    language = serializers.CharField()
    views = serializers.IntegerField()
    clicks = serializers.IntegerField()
    watchlist_adds = serializers.IntegerField()
    ratings_in_window = serializers.IntegerField()
    average_rating = serializers.FloatField(allow_null=True)
    ratings = serializers.IntegerField()
    recommendation_exposures = serializers.IntegerField()
    recommendation_ctr = serializers.FloatField(allow_null=True)


class ContentPerformanceOutputSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    titles = ContentPerformanceRowSerializer(many=True)


class TopTitleSerializer(serializers.Serializer):
    content_id = serializers.IntegerField()
    title = serializers.CharField()
    ratings = serializers.IntegerField()
    average_rating = serializers.FloatField()


class LanguageTrendSerializer(serializers.Serializer):
    language = serializers.CharField()
    name = serializers.CharField()
    ratings = serializers.IntegerField()
    users = serializers.IntegerField()
    average_rating = serializers.FloatField(allow_null=True)
    top_titles = TopTitleSerializer(many=True)


class RegionalTrendsOutputSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    languages = LanguageTrendSerializer(many=True)


class VariantResultSerializer(serializers.Serializer):
    variant = serializers.CharField()
    algorithm = serializers.CharField()
    users = serializers.IntegerField()
    exposures = serializers.IntegerField()
    clicks = serializers.IntegerField()
    conversions = serializers.IntegerField()
    ctr = serializers.FloatField()
    ctr_ci95 = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)
    conversion_rate = serializers.FloatField()
    conversion_ci95 = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2
    )


class ExperimentSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    is_active = serializers.BooleanField()


class ExperimentResultsOutputSerializer(serializers.Serializer):
    experiment = ExperimentSummarySerializer()
    variants = VariantResultSerializer(many=True)
