"""Install: folders, each team's doc templates and their sharing; the access check."""
