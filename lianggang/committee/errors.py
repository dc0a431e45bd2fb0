class CommitteeError(ValueError):
    """A committee act refused as asked; the message is one line in the page's language (Chinese first)
    saying what and where, and nothing was saved."""
