"""Booking: the week's 1:1s and monthly development sessions on Calendar."""
