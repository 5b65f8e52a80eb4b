"""Build the gazetteer reference data (countries, organisations, officials, topics).

Reads the public reference datasets under ``../shared/reference`` (override with
``--reference DIR``) and writes four committed data files into ``articles/data/``
(override with ``--out DIR``). Run ``python scripts/build_reference.py`` or
``python -m scripts.reference_build`` from the repository root.

* ``countries.json``      -- every ISO 3166-1 country plus Kosovo, with press names,
                             alternative names, demonyms, capitals and a few cities.
* ``organisations.json``  -- intergovernmental organisations (hand-curated facts).
* ``officials.jsonl``     -- one person per line with dated appointments.
* ``topics.json``         -- our own diplomatic topic taxonomy with phrase rules.

Only facts are taken from the sources (names, codes, posts, dates); the output is
sorted and serialised deterministically so that re-running gives identical bytes. Our own
hand-written facts (press names, organisations, post and name vocabularies, team
officials, topics) are JSON files in ``data/`` next to this package; one module per stage
(``countries``, ``organisations``, ``officials``, ``topics``; the officials' readers in
``sources/``; ``build`` runs them all and holds the command line).

Sources for officials, in the order they are read
-------------------------------------------------
``team``        hand-written facts in ``data/team_officials.json`` (authoritative).
``us-congress`` every member of the current US Congress with all their terms, and every
                US president and vice president (``legislators-current.yaml``,
                ``executive.yaml``; read with PyYAML, a development-time dependency).
``un-speakers`` who addressed the UN General Assembly each year, with their post.
``countryinfo`` CountryInfo.txt <Leaders> and <Government> blocks, plus the R-extracted
                ``people_leaders.csv`` / ``people_gov.csv`` tables.
``phoenix``     Phoenix.Countries.actors.txt / Phoenix.International.actors.txt: spelling
                variants and date-bounded role codes.
``archigos``    effective heads of state/government with start and end dates.

Merge rules (one person = one official)
---------------------------------------
1. Every source row becomes a *record*: name variants, the countries it is tied to
   (nationality and the states of its posts; organisation posts use ``org:<slug>``)
   and its appointments.
2. Each name variant is reduced to a *name key* (``articles.extract.normalize.name_key``
   with ``merging=True``): ASCII-folded, lower-cased,
   punctuation and hyphens split into tokens, honorifics (Mr, Dr, Sheikh...) and
   particles (al, el, bin, ibn, de, van...) and single-letter initials dropped, and
   transliteration variants collapsed per token (kh->k, q->k, gh->g, dh->d, th->t,
   ph->f, ou/oo/o->u, e/y->i, doubled letters -> one). So ``WALID_MUALEM``,
   ``Walid Al-Moualem``, ``Walid al-Moallem`` and ``Walid Muallem`` share ``walid mualim``.
   The Arabic "servant of" compound is spelt one way: ``Abd al Mahdi``, ``Abdul-Mahdi``
   and ``Abdel Mahdi`` all give ``abdul mahdi`` (``Abdullah`` is a name of its own).
3. Records that share a country and a full name key are merged (union-find).
4. A record with a long name (``Sergey Viktorovich Lavrov``) is also merged with records
   whose two-token name equals its first + last token (``Sergey Lavrov``) in the same
   country -- but only when exactly one long-name group has that first+last key, so
   that ``Abdullah bin Abdulaziz Al Saud`` and ``Abdullah bin Faisal Al Saud`` stay apart.
5. Surname-only names (Archigos ``Putin``/``Calmy-Rey``, UN ``Mr. KHADDAM``) are merged
   only into a unique group of the same country with that last token whose posts overlap
   in time (UN speakers: or are of the same kind), otherwise dropped.
6. Phoenix entries without a dated role only contribute spelling variants to a group
   they match; groups made only of such entries are dropped (they are often not people).
7. Within a merged official, appointments with the same post title and the same
   country/organisation are merged when they overlap or touch (within 31 days); an
   unknown start/end counts as open.  ``team`` appointments win: same-post appointments
   overlapping a ``team`` appointment are absorbed into it (only their sources are kept).
   Untitled Phoenix roles (``[SYRGOV >060301]``) are dropped when a titled appointment of
   the same person and country overlaps them, otherwise kept as "Government official".
   Archigos spells enrich an overlapping head-of-state/government appointment (source)
   and only create a "Leader" appointment when the person has none there.
   A UN-speaker-only interval joins a same-post interval less than a year away (the list
   samples each September, so a gap is no evidence of leaving office).
9. Names are cleaned before matching and display: honorifics and post-nominals removed,
   "Surname, Given" reordered, Windows-1252 mojibake repaired; the display name is the
   first clean multi-word name by source priority (team, US Congress, UN list, Archigos,
   CountryInfo, Phoenix); groups without any clean name are dropped.
8. UN speakers: a speaker in session year Y held the post in September of Y; runs of
   consecutive years become one appointment from Y1-09-01 to Y2-09-30 while merging. The
   end is a last sighting, not an end: unless another source ends the term, it becomes
   its ``known_until`` (below).
10. Father and son stay apart: a name's *marks* are its generational suffix (Jr., Sr.,
   II, III...) and its middle initials as written ("George H. W. Bush": H, W). Groups
   whose marks conflict (different suffixes, or different written initials) are never
   merged, whatever rule proposes it; a suffix on one side only conflicts unless the
   written initials agree. A name without marks ("George Bush") that two such groups
   share is assigned by dates: to the one group with an appointment in the same country
   overlapping its own (else holding the same post within two years), otherwise to
   neither (it stays its own official). A name without a suffix joins a group with one
   (``Joe Biden`` / ``Joseph R. Biden Jr.``) only by dates too: "X" and "X Jr." are
   often father and son.

Open-ended terms (``end`` / ``known_until``)
--------------------------------------------
An appointment's end is never assumed open. A term no source ends is closed by
  (a) the next holder's start, for posts one person holds at a time (heads of state and
      government, foreign ministers, a country's UN ambassador, a named ministry such as
      "Minister of Finance": the same post title and country), when that start is not
      before the last date a source dated the term (UN years, closed terms, team facts)
      and the "successor" is not the holder under another name;
  (b) the person's own later post where that implies leaving: a later head-of-state or
      head-of-government post of the same country ends a minister's (or the other
      leader's) term, a later foreign-minister post ends a junior post there, a later
      secretary-general post of an organisation ends a national post;
  both only when the new start is at most two years after the last evidence of the term:
  a start long after says when the term had ended at the latest, not when it ended.
An Archigos spell covering an open leader's term dates it (held at least until the spell
ends) but does not end it: Archigos follows the effective ruler, not the office.
Otherwise ``end`` stays null and ``known_until`` records the last date a source shows
the person in the post (it is set only when ``end`` is null; null when nothing dates it):
  * CountryInfo <Government>: ">date" means "in office in Feb-2011" (the file's own
    documentation), so 2011-02-28; an entry starting later was added by an update and
    carries the file's version date; the R-extracted CSVs, from an older revision, too;
  * CountryInfo <Leaders>: ">date" means "at the last update of the file": its version,
    dated by the file name (CountryInfo.120116 = 2012-01-16, YYMMDD);
  * Phoenix: a role open since before the CountryInfo cut-off carries that cut-off (the
    dictionary was generated from CountryInfo and did not close them: Sechin is still
    Deputy Premier there); a role added later carries the dictionary's generation date
    (its header: 2014-01-30);
  * Archigos: "Still in Office" (and any spell ending on the data set's last day) means
    in office on that last day, 2015-12-31; the spell is then open, not ended;
  * UN speakers: the last September the list shows the person in the post; other
    closed terms merged into an open one: their end; team facts: the newest date in the
    team table (the facts were checked then); US Congress: the term's end, or the
    newest start date in the files when the end lies ahead.
``CountryInfo.260718.json`` is not a second snapshot: it is a (lossy) JSON conversion of
the same text (it lists the same people, Sechin included), so presence in it is no
evidence and absence (often a conversion failure: Argentina has no government) none either.
"""
