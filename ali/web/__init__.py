"""Browser assets served by the API: the embeddable widget, the demo council page and the kiosk
screen. Plain files, no build step."""

from pathlib import Path

WEB_DIR = Path(__file__).parent / "static"
