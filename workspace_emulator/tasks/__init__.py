"""Cloud Tasks v2: queues, HTTP tasks with name deduplication, and their dispatch."""
