"""The committee's pages: implementation reports and self-assessments, meetings, funds, visits, attachments."""
