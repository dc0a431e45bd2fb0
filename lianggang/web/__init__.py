"""The web application: thin views over the services, templates, and the site's own static assets."""
