"""Load stage: read the records repository from disk, keeping the file and line of every value."""
