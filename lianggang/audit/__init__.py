"""The audit log: who did what to which object, when, in which region. Append-only.

Every act a committee office or bureau would be asked about later (opening a round, assigning an
indicator, approving, publishing, importing a plan, overwriting approved data …) calls `record` in the
same transaction as the act, so the trace exists exactly when the act does."""
