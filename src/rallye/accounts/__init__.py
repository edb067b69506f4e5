"""Accounts people manage themselves: invitations to a structure, deactivating a member, the
first federation and administrator of a new installation (``rallye init``)."""
