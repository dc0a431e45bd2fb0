"""The JSON API (Django REST framework) with its OpenAPI schema; same permission function as the pages."""
