"""The committee's work around the data (妇儿工委的工作): department implementation reports and
self-assessments, meetings, funds, supervision visits, and the attachments they carry."""
