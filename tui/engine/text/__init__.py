"""Words and sentences as every part of the engine sees them, and untrusted text made safe to show."""
