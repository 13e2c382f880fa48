"""Chart images for the PowerPoint, rendered by kaleido through the server's Chromium.

kaleido drives Debian's Chromium (``apt-get install -y chromium``); nothing is downloaded.
When Chromium is not installed, ``render_images`` raises ``ChromiumMissing`` with a Swedish
message that says how to install it; any other failure to draw raises ``RenderFailed``
with what went wrong, so a broken chart is never reported as a missing browser.
"""

from __future__ import annotations

import shutil
import threading
import warnings
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from loaders.errors import PanelError

IMAGE_SIZE = (1000, 620)   # logical pixels; rendered at IMAGE_SCALE
IMAGE_SCALE = 2
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_HELP = ("Diagrambilderna till PowerPoint ritas med webbläsaren Chromium på servern, men den "
                 "hittades inte. Be den som sköter servern installera den med "
                 "`apt-get install -y chromium` (Debian/Ubuntu, se README). Excel-filen med "
                 "tabellerna fungerar ändå.")

_render_lock = threading.Lock()  # kaleido's sync server is one per process


class RenderFailed(PanelError):
    """A chart image could not be drawn; the message says why."""

    title = "Diagrambilderna kunde inte ritas"


class ChromiumMissing(RenderFailed):
    """Chromium, which draws the chart images, is not installed on the server."""

    title = "Chromium saknas på servern"


def chromium_available() -> bool:
    return any(shutil.which(name) for name in CHROMIUM_NAMES)


def render_images(figs: Sequence[go.Figure | None], progress: Callable[[int, int], None] | None = None, *,
                  size: tuple[int, int] = IMAGE_SIZE, scale: int = IMAGE_SCALE) -> list[bytes | None]:
    """Every chart as PNG with one Chromium for all of them; ``progress(done, total)`` after each."""
    if not chromium_available():
        raise ChromiumMissing(CHROMIUM_HELP)
    import kaleido  # imported late: the app starts without it

    total = sum(f is not None for f in figs)
    out: list[bytes | None] = []
    done = 0
    with _render_lock:
        try:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)  # no MathJax from a CDN
        except Exception as exc:  # noqa: BLE001 - choreographer raises many kinds
            raise RenderFailed("Chromium finns men kunde inte startas för att rita diagrammen "
                               f"({type(exc).__name__}: {exc}). Excel-filen fungerar ändå.") from exc
        try:
            for fig in figs:
                if fig is None:
                    out.append(None)
                    continue
                try:
                    with warnings.catch_warnings():  # "kopts is ignored if using a server"
                        warnings.simplefilter("ignore", UserWarning)
                        out.append(fig.to_image(format="png", width=size[0], height=size[1], scale=scale))
                except Exception as exc:  # noqa: BLE001
                    raise RenderFailed(f"Diagram {done + 1} kunde inte ritas ({type(exc).__name__}: {exc}). "
                                       "Excel-filen fungerar ändå.") from exc
                done += 1
                if progress:
                    progress(done, total)
        finally:
            try:
                kaleido.stop_sync_server(silence_warnings=True)
            except Exception:  # noqa: BLE001 - best effort
                pass
    return out
