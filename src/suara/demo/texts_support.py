"""What demo customers and agents write in support tickets, in Indonesian and English."""

from __future__ import annotations

Bank = dict[str, tuple[str, ...]]

REASONS = ("late", "damaged", "return", "payment", "app", "product", "voucher")

SUBJECTS: dict[str, Bank] = {
    "late": {
        "id": ("Paket belum sampai", "Pesanan telat", "Status pengiriman tidak bergerak"),
        "en": ("Parcel has not arrived", "Late order", "Tracking not updating"),
    },
    "damaged": {
        "id": ("Barang rusak saat diterima", "Produk pecah/bocor", "Komplain kemasan"),
        "en": ("Item arrived damaged", "Product broken or leaking", "Packaging complaint"),
    },
    "return": {
        "id": ("Pengajuan retur", "Tukar ukuran", "Refund belum masuk"),
        "en": ("Return request", "Size exchange", "Refund not received"),
    },
    "payment": {
        "id": ("Pembayaran belum terverifikasi", "Double charge", "Tanya metode COD"),
        "en": ("Payment not verified", "Charged twice", "Cash on delivery question"),
    },
    "app": {
        "id": ("Aplikasi error saat checkout", "Tidak bisa login", "Keranjang hilang"),
        "en": ("App error at checkout", "Cannot log in", "Cart emptied itself"),
    },
    "product": {
        "id": ("Tanya stok", "Tanya ukuran", "Produk ori atau bukan?"),
        "en": ("Stock question", "Sizing question", "Is this product original?"),
    },
    "voucher": {
        "id": ("Voucher tidak bisa dipakai", "Promo 12.12", "Poin member hilang"),
        "en": ("Voucher does not work", "12.12 promo question", "Member points missing"),
    },
}

OPENINGS: dict[str, Bank] = {
    "late": {
        "id": (
            "Kak, pesanan {order} kok belum sampai ya? Estimasinya udah lewat.",
            "Min, paket saya {order} udah telat bbrp hari, resinya gk gerak dari kemarin.",
            "Halo, pesanan {order} statusnya masih dikirim terus. Kapan sampainya?",
        ),
        "en": (
            "Hi, my order {order} still hasn't arrived and the estimated date has passed.",
            "My parcel {order} is several days late and tracking hasn't moved.",
        ),
    },
    "damaged": {
        "id": (
            "Kak, barang pesanan {order} sampai dalam kondisi rusak. Botolnya pecah.",
            "Min, isi paket {order} bocor semua, packing cuma plastik tipis. Gimana klaimnya?",
            "Paket {order} diterima tapi dusnya penyok dan produknya rusak.",
        ),
        "en": (
            "My order {order} arrived damaged, the bottle was broken.",
            "Everything in parcel {order} leaked, the packaging was far too thin.",
        ),
    },
    "return": {
        "id": (
            "Mau retur pesanan {order}, ukurannya gk pas. Caranya gimana kak?",
            "Refund pesanan {order} kok belum masuk ya?",
        ),
        "en": (
            "I'd like to return order {order}, the size doesn't fit.",
            "The refund for order {order} hasn't reached my account yet.",
        ),
    },
    "payment": {
        "id": (
            "Udah transfer tapi status pesanan {order} masih belum dibayar.",
            "Saldo kepotong 2x untuk pesanan {order}, mohon dicek.",
        ),
        "en": (
            "I paid but order {order} still shows as unpaid.",
            "I was charged twice for order {order}, please check.",
        ),
    },
    "app": {
        "id": (
            "Aplikasinya error terus pas mau bayar, muter2 aja.",
            "Gk bisa login, OTP gk pernah masuk.",
        ),
        "en": ("The app keeps crashing at checkout.", "I can't log in, the OTP never arrives."),
    },
    "product": {
        "id": (
            "Kak, produk ini ready stock? Ada warna lain gk?",
            "Ukuran M itu lingkar dadanya berapa ya kak?",
            "Ini barangnya ori kan kak, bukan KW?",
        ),
        "en": ("Is this item in stock? Any other colours?", "Is this product original?"),
    },
    "voucher": {
        "id": (
            "Voucher diskon gk bisa dipakai, katanya syarat tidak terpenuhi.",
            "Poin member saya kok hilang ya kak?",
        ),
        "en": ("My discount voucher is rejected at checkout.", "My member points disappeared."),
    },
}

NUDGES: Bank = {
    "id": (
        "Halo?? Udah seharian gk ada balasan.",
        "Min, tolong dibalas dong, udah lama nunggu.",
        "Kok lama bgt balasnya ya...",
    ),
    "en": ("Hello? Still no reply after a whole day.", "Is anyone there? I've been waiting."),
}

FIRST_REPLIES: Bank = {
    "id": (
        "Halo Kak {name}, mohon maaf atas ketidaknyamanannya. Kami bantu cek dulu ya.",
        "Hai Kak {name}, terima kasih sudah menghubungi kami. Boleh kirim foto/nomor pesanannya?",
        "Selamat siang Kak {name}, kami sedang koordinasi dengan tim terkait ya.",
    ),
    "en": (
        "Hi {name}, sorry for the trouble. Let us look into it.",
        "Hello {name}, thanks for reaching out. Could you send a photo or the order number?",
    ),
}

FOLLOW_UPS: Bank = {
    "id": ("Sudah saya kirim fotonya kak.", "Ok kak ditunggu.", "Nomor pesanannya ada di atas."),
    "en": ("I've sent the photos.", "OK, waiting for your update.", "Order number is above."),
}

RESOLUTIONS: dict[str, Bank] = {
    "late": {
        "id": ("Paket sudah diterima kurir tujuan dan dijadwalkan kirim hari ini ya Kak.",),
        "en": ("The parcel reached the local hub and goes out for delivery today.",),
    },
    "damaged": {
        "id": (
            "Kami kirim ulang produk pengganti tanpa biaya ya Kak.",
            "Refund sudah kami proses, dana masuk 1-3 hari kerja.",
        ),
        "en": ("We're sending a replacement free of charge.", "We've issued a full refund."),
    },
    "return": {
        "id": ("Retur disetujui, silakan kirim balik dengan label yang kami kirim.",),
        "en": ("Your return is approved; please use the label we've sent.",),
    },
    "payment": {
        "id": ("Pembayaran sudah terverifikasi dan pesanan diproses ya Kak.",),
        "en": ("Your payment is verified and the order is being processed.",),
    },
    "app": {
        "id": ("Silakan update aplikasi ke versi terbaru, kendala sudah kami perbaiki.",),
        "en": ("Please update the app; we've fixed the problem.",),
    },
    "product": {
        "id": ("Ready stock Kak, produk kami 100% original dan bergaransi.",),
        "en": ("It's in stock, and all our products are 100% original.",),
    },
    "voucher": {
        "id": ("Voucher penggantinya sudah kami kirim ke akun Kakak.",),
        "en": ("We've added a replacement voucher to your account.",),
    },
}

THANKS: Bank = {
    "id": ("Oke makasih kak", "Siap, terima kasih min 🙏", "Baik kak, mksh"),
    "en": ("Great, thank you!", "Thanks for the help."),
}

CLOSED: Bank = {
    "id": ("Tiket ditutup otomatis karena tidak ada balasan dalam 3 hari.",),
    "en": ("Ticket closed automatically after 3 days without a reply.",),
}
