"""The web shell: sign-in, layout and navigation, home page, accounts and administration pages."""
