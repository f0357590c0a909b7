"""Where customers meet the business: sales channels, marketplaces and contact channels."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """Known channels. Stored as text so an import may name a channel not listed here."""

    SITE = "site"
    APP = "app"
    TOKOPEDIA = "tokopedia"
    SHOPEE = "shopee"
    LAZADA = "lazada"
    TIKTOK_SHOP = "tiktok_shop"
    BUKALAPAK = "bukalapak"
    BLIBLI = "blibli"
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    X = "x"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    PHONE = "phone"
    LIVE_CHAT = "live_chat"
    SMS = "sms"
    STORE = "store"
    FORUM = "forum"
    OTHER = "other"


MARKETPLACES: frozenset[Channel] = frozenset(
    {
        Channel.TOKOPEDIA,
        Channel.SHOPEE,
        Channel.LAZADA,
        Channel.TIKTOK_SHOP,
        Channel.BUKALAPAK,
        Channel.BLIBLI,
    }
)
OWN_CHANNELS: frozenset[Channel] = frozenset({Channel.SITE, Channel.APP, Channel.STORE})

_ALIASES: dict[str, Channel] = {
    "website": Channel.SITE,
    "web": Channel.SITE,
    "situs": Channel.SITE,
    "toko online": Channel.SITE,
    "aplikasi": Channel.APP,
    "mobile app": Channel.APP,
    "tokped": Channel.TOKOPEDIA,
    "tiktok shop": Channel.TIKTOK_SHOP,
    "tiktokshop": Channel.TIKTOK_SHOP,
    "twitter": Channel.X,
    "wa": Channel.WHATSAPP,
    "e-mail": Channel.EMAIL,
    "telepon": Channel.PHONE,
    "chat": Channel.LIVE_CHAT,
    "livechat": Channel.LIVE_CHAT,
    "toko": Channel.STORE,
    "offline": Channel.STORE,
}


def normalise_channel(text: str) -> str:
    """A channel key: known names and their common Indonesian spellings fold onto one key.

    Unknown channels are kept (lower-cased, spaces to underscores) rather than rejected, because
    sellers open new marketplaces faster than we release.
    """
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key].value
    return key.replace("-", "_").replace(" ", "_")
