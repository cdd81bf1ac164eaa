"""Refuse zip bombs before decompressing: .docx and .xlsx are zip files, and a small one can expand hugely.

The check reads only the central directory (names, declared sizes). That is enough because
Python's zipfile never returns more bytes than a member declares: a member that lies about its size
is cut short at the declared size and then fails its CRC check, so the declared total bounds the
memory any reader (python-docx, openpyxl) can be made to spend.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from greentrack import config
from greentrack.errors import CorruptDocument, OverLimit

MAX_MEMBERS = 10_000  # a real .docx/.xlsx has tens of parts; thousands of tiny ones is an attack on the directory
# Below this size a member's ratio is not judged: tiny XML parts of zeros compress far beyond any sane ratio.
RATIO_FLOOR_BYTES = 1024 * 1024
_MB = 1024 * 1024


def check_archive(path: Path, kind: str) -> None:
    """CorruptDocument when the zip at `path` would expand past the limits (total size, ratio, member count).

    A file that is no zip passes: the reader that opens it next reports that in its own words.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: nothing can expand, and the format's own reader says what is wrong with it
    if len(members) > MAX_MEMBERS:
        raise CorruptDocument(path, f"{kind} holds {len(members)} parts (more than {MAX_MEMBERS}); refused "
                                    "without unpacking")
    limit_mb = float(config.get("max_unzipped_mb"))
    total = sum(member.file_size for member in members)
    if total > limit_mb * _MB:
        raise CorruptDocument(path, f"{kind} would expand to {total / _MB:.0f} MB, over the {limit_mb:g} MB "
                                    "limit (a zip bomb?); refused without unpacking — raise max_unzipped_mb "
                                    "(GREENTRACK_MAX_UNZIPPED_MB) if the file is genuine")
    ratio_limit = float(config.get("max_zip_ratio"))
    for member in members:
        packed = max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size / packed > ratio_limit:
            raise CorruptDocument(path, f"{kind} part {member.filename} expands {member.file_size / packed:.0f}× "
                                        f"({packed} bytes → {member.file_size / _MB:.0f} MB), over the "
                                        f"{ratio_limit:g}× limit (a zip bomb?); refused without unpacking — "
                                        "raise max_zip_ratio (GREENTRACK_MAX_ZIP_RATIO) if the file is genuine")
    xml_mb = float(config.get("max_xml_mb"))
    for member in members:  # python-docx and openpyxl's styles and strings hold a whole XML part in memory (~10×)
        if member.filename.endswith((".xml", ".rels")) and member.file_size > xml_mb * _MB:
            raise OverLimit(path, f"{kind} part {member.filename} unpacks to {member.file_size / _MB:.0f} MB of "
                                  f"XML, over the {xml_mb:g} MB limit; refused without unpacking — raise max_xml_mb "
                                  "(GREENTRACK_MAX_XML_MB) if the file is genuine")
