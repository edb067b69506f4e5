"""The Django project: settings, URLs, WSGI. Domain apps live beside it (organisations,
rallies, …); the HTTP layer is in ``rallye.www``."""
