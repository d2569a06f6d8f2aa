"""Reader comments on blog posts: the form, spam defences and the moderation queue."""
