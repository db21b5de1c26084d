"""What a run hands to people: the review CSV, the review import, the run summary, the Prefect
artifact's markdown and the notifications."""
