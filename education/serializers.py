from rest_framework import serializers

from education.models import COURSE_FIELDS, Course, Enrolment


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ["id", *COURSE_FIELDS]


class EnrolmentSerializer(serializers.ModelSerializer):
    """A member's own enrolments; personal fields are masked per the viewer's policy."""

    class Meta:
        model = Enrolment
        fields = ["id", "course", "enterprise", "name", "email", "phone", "status", "requested_at"]
        read_only_fields = ["enterprise", "name", "email", "phone", "status", "requested_at"]

    def to_representation(self, instance: Enrolment) -> dict:
        from education.access import personal_data

        data = super().to_representation(instance)
        data.update(personal_data(self.context["policy"], instance))
        return data
