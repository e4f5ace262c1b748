"""Normalisation shared by the name resolvers."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Traditional -> simplified for characters common in fiscal names (mirror sites publish
# traditional text); a full converter is not needed for matching labels of this domain.
_PAIRS = "財财務务預预決决類类項项經经費费醫医衛卫險险會会區区縣县場场與与業业國国機机關关運运營营體体設设備备質质舊旧際际發发專专參参補补貼贴療疗稅税農农貨货幣币價价資资環环護护離离養养職职檢检減减勞劳動动稱称門门給给購购買买優优層层廣广據据勵励屬属術术單单總总計计開开報报藥药產产種种個个"
_TRAD = str.maketrans(dict(zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)))
_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_NOISE = re.compile(r"[\s\u3000（）()【】\[\]“”\"'：:、，,。.]")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """A key for comparing names: NFKC, simplified, pinyin glosses and punctuation removed."""
    text = unicodedata.normalize("NFKC", name)
    text = _PINYIN.sub("", text)
    text = text.translate(_TRAD)
    return _NOISE.sub("", text)


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, normalise_name(a), normalise_name(b)).ratio()


_NUMBERING = re.compile(
    r"^\s*([一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
_CODE_PREFIX = re.compile(r"^\s*(?:\d{3}(?:\s+\d{2}){0,2}|\d{5}|\d{7})\s+(?=\D)")
_LEVEL_MARK = re.compile(r"[（(](类|款|项)[)）]")


def line_name(wording: str) -> str:
    """The name a classification line gives its own level: numbering, quotes and the names of the
    levels above dropped ("一、一般公共服务支出" -> "一般公共服务支出"; "X（类）Y（款）Z（项）" -> "Z")."""
    text = _NUMBERING.sub("", _CODE_PREFIX.sub("", wording.strip())).strip("“”\"' ")
    names = [
        part.strip() for part in _LEVEL_MARK.split(text) if part.strip() and part not in {"类", "款", "项"}
    ]
    return re.sub(r"\s+", "", names[-1] if names else text)
