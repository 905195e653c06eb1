"""Issue 16: what no input, argument or concurrent run may do to linkwatch, one file per kind of trouble."""
