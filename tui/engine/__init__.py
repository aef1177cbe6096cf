"""The engine: plain Python that turns files into articles and compares them. Never imports textual."""
