"""Template tags of pixelws (Django finds them in an installed app's templatetags package)."""
