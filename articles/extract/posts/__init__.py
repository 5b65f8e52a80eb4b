"""Posts and titles around names: what marks a name as a person in office.

Pure: no Django. ``vocabulary`` holds the words of posts, titles and non-official roles
and classifies a title into a ``post_kind``; ``names`` reads an article's capitalised
sequences into names and the titles written around them; ``scan`` runs that over an
article for ``officials``. The names callers use are re-exported here.
"""

from articles.extract.posts.names import POSSESSIVE_RE
from articles.extract.posts.scan import Mention, Scan, field_of, scan_article
from articles.extract.posts.vocabulary import post_kind

__all__ = ["POSSESSIVE_RE", "Mention", "Scan", "field_of", "post_kind", "scan_article"]
