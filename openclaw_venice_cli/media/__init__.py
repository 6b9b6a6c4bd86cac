"""The `infer` operations: Venice images, speech, transcription, embeddings, web."""
