"""The provider seam: the model that composes answers, roadmaps and governance advice."""
