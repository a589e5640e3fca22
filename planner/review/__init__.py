"""Review: the team and its invitations, submission for review, sign-offs and approvals,
comment threads, frozen versions with their diff and restore, and the activity."""
