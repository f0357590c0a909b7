"""The closed word lists the aspect rules read (:mod:`suara.text.aspects`): kept apart from
the rules so that a list can grow without the rules' module growing past its size."""

from __future__ import annotations

from suara.text.normalize import SELLER_ADDRESS

# words after which the clause tells what happened instead ("awalnya ga yakin ternyata
# bagus") or what might ("tidak yakin dengan bahannya apabila dilakukan copot pasang"), why
# ("gak yakin karena harganya murah banget") or what never was ("I don't think I have ever
# bought such good quality")
DOUBT_ENDS = frozenset(
    ["ternyata", "taunya", "tapi", "tetapi", "namun", "but", "however", "pas", "setelah",
     "sesudah", "after", "once", "until", "sampai", "kalau", "jika", "apabila", "bila",
     "if", "when", "karena", "soalnya", "because", "since", "alhamdulillah", "ever",
     "pernah"]
)  # fmt: skip


# Repeats that mean something other than their word ("tiba-tiba" is "suddenly", "lama-lama"
# "in time", "sama-sama" "you're welcome", "beda-beda" "assorted"); any other "X-X" is read
# as X by the lexicons ("rusak2", "penyok2", "lecet-lecet": the normaliser writes "kata2" as
# "kata-kata")
IDIOMATIC_REPEATS = frozenset(
    ["tiba-tiba", "kira-kira", "hati-hati", "lama-lama", "sama-sama", "gara-gara",
     "jangan-jangan", "masing-masing", "pura-pura", "baru-baru", "mata-mata", "laki-laki",
     "kupu-kupu", "cepat-cepat", "pelan-pelan", "biasa-biasa", "baik-baik", "oleh-oleh",
     "ada-ada", "macam-macam", "apa-apa", "siapa-siapa", "mana-mana", "kapan-kapan",
     "beda-beda", "berbeda-beda", "lain-lain", "satu-satu", "sedikit-sedikit", "kecil-kecil",
     "besar-besar"]
)  # fmt: skip


# Words before "-nya" that name no thing of the product's (``aspects.POSSESSED``)
NO_OWNERS = SELLER_ADDRESS | frozenset(
    # opening a remark, in full and in slang
    ["kayak", "kaya", "kek", "sayang", "untung", "pokok", "pkok", "inti", "sisa", "sebenar",
     "sbnr", "sebetul", "seharus", "semesti", "mesti", "setidak", "sebaik", "selebih",
     "selanjut", "berta", "gimana", "gini", "gitu", "kata", "ujung", "akhir", "awal", "tadi",
     "asal", "kedepan", "seandai", "niat", "tau", "sbelum", "seada", "jujur", "sial", "dasar",
     "heran", "aneh", "kenyataan", "rezeki",
     # people
     "orang", "owner", "customer", "costumer", "driver", "kurir", "mama", "mamah", "papa",
     "ibu", "bapak", "ayah", "suami", "istri", "anak", "adik", "adek", "teman", "temen",
     "pacar", "keluarga", "tetangga", "cowok", "cewek", "tante", "nenek", "kakek",
     # times
     "malam", "malem", "pagi", "siang", "sore", "kemarin", "kemaren", "besok", "hari",
     "minggu", "bulan", "tahun", "dulu", "waktu",
     # the seller's trade, manner and words
     "usaha", "jualan", "dagangan", "sikap", "bahasa", "ngomong", "mengomong", "omongan", "cara",
     "jawaban", "balasan", "nada", "bicara", "komunikasi", "koordinasi", "chatting", "empati",
     "aftersales", "penjualan", "jual", "market", "olshop", "lapak", "karyawan", "pegawai",
     "staff", "abang", "gojek", "ekpedisi", "deliver", "proses", "alasan", "bilang", "hidung",
     "kta", "kat",
     # buying, ordering, testing; an advert; amounts and wholes
     "beli", "membeli", "pesan", "pesanan", "make", "tes", "iklan", "keterangan", "nilai",
     "sepenuh", "kedua", "kdua", "satuan", "pack", "ngemas", "mengemas", "sonon", "didalem",
     "hobby"]
)  # fmt: skip


# Verbs after "the X" that judge it (``aspects.THING``), and what "the X" is not
COPULAS = frozenset(
    ["is", "are", "was", "were", "isn't", "wasn't", "feels", "felt", "looks", "seems"]
)  # fmt: skip


NOT_THINGS = frozenset(
    # words of no thing, and English function words
    ["only", "same", "other", "rest", "first", "last", "best", "worst", "whole", "thing",
     "things", "one", "way", "problem", "issue", "reason", "experience", "weather", "time",
     "day", "night", "week", "month", "year", "place", "area", "and", "or", "of", "to", "in",
     "on", "for", "with", "this", "that", "it", "my", "your", "a", "an",
     # people, and what they say
     "person", "people", "guy", "owner", "staff", "driver", "manager", "bartender", "waiter",
     "waitress", "server", "team", "company", "kids", "kid", "children", "family", "wife",
     "husband", "friend", "friends", "mom", "dad", "reply", "answer", "response", "here",
     "there", "fact", "truth", "point", "bottom", "line", "process", "message", "lady",
     "ladies", "guys", "chef", "owners", "employee", "employees", "workers", "bartenders",
     "restaurant", "communication"]
)  # fmt: skip


# "pas" fits ("ukurannya pas", "pas di badan", "pas dibadan", "pas banget") unless what
# follows says when: "warnanya ga luntur pas dicuci", "pas dateng udah penyok", "pas dibuka"
WHEN_FOLLOWS = frozenset(
    ["datang", "sampai", "buka", "dibuka", "terima", "diterima", "menerima", "beli",
     "order", "pesan", "checkout", "coba", "dicoba", "cek", "dicek", "dicuci", "cuci",
     "ditanya", "bertanya", "nanya", "unboxing", "lagi", "hari", "pagi", "siang", "sore",
     "malam", "mau", "awal", "pertama", "diskon", "promo", "flash", "harbolnas", "dikirim",
     "kirim"]
)  # fmt: skip
