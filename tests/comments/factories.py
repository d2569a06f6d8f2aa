"""A factory for comments; text is generated lazily by Faker."""

import factory

from comments.models import Comment


class CommentFactory(factory.django.DjangoModelFactory):
    author_name = factory.Faker("name")
    author_email = factory.Faker("email")
    body = factory.Faker("paragraph")
    status = Comment.Status.APPROVED

    class Meta:
        model = Comment
