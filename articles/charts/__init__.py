"""SVG drawings of charts, from plain data: pure Python (standard library only, no Django).

Each module draws one kind of chart and returns escaped SVG markup (every label and link is
untrusted text): ``bars`` (a timeline), ``ranked`` (a facet table's bars), ``lines``
(several series on one timeline), ``network`` (who appears with whom). A drawing for a page
uses the site's CSS classes; a drawing for a download (``standalone=True``) carries its
own styles and a caption (what was filtered, when it was drawn), so it reads the same
outside Newsroom.

Pages and the template tags both draw through here (``articles/views/downloads.py`` is
the download convention).
"""
