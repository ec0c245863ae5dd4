"""Units that follow a number: the text as written, a canonical name and the scale it carries.

Matching runs on the lower-cased original text (not accent-folded): ``hộ`` (household) and ``hỗ trợ``, ``con``
(head of livestock) and ``còn`` (still) differ only by their marks. Alternatives are ordered longest first
because a regex alternation takes the first branch that matches.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from figures.text import fold_keep_length

_NGHIN = r"(?:nghìn|ngàn|nghin|ngan)"
_TY = r"(?:tỷ|tỉ)"
_USD = r"(?:usd|đô la|đô-la|đôla)"
# Money units as OCR without diacritics writes them ("3.200 ty đồng", "58 trieu dong"): only the two-word
# forms, which nothing else reads like ("ty" or "dong" alone could be anything).
_TY_OCR = r"(?:tỷ|tỉ|ty|tý|tỳ)"
_DONG_OCR = r"(?:đồng|dong|đông|đổng|dồng)"
_TRIEU_OCR = r"(?:triệu|trieu|triêu)"
_PER_10K = r"(?:\s*/\s*|\s+trên\s+)(?:(?:1\s*|một\s*)?vạn|10[.,]?000)\s+dân"

# (pattern, canonical, scale). Scale is the factor that turns the written value into the canonical unit.
# Every pattern starts with a letter, "%", "‰", "°" or "％": match_unit looks at that first character before the
# regex.
_UNITS: list[tuple[str, str, float]] = [
    (r"%\s*/\s*năm", "percent_per_year", 1.0),
    (r"%o|‰|phần nghìn|phần ngàn|°\s*/\s*oo|o/oo", "per_mille", 1.0),
    # OCR reads "%" as "°/o", "o/o" or the full-width "％"
    (r"%|phần trăm|°\s*/\s*o|o/o|％", "percent", 1.0),
    # money
    (rf"{_NGHIN} {_TY_OCR} {_DONG_OCR}", "VND", 1e12),
    (rf"{_TRIEU_OCR} {_TY_OCR} {_DONG_OCR}", "VND", 1e15),
    (rf"{_TY_OCR} {_DONG_OCR}", "VND", 1e9),
    (rf"{_TRIEU_OCR} {_DONG_OCR}", "VND", 1e6),
    # abbreviations: "72 tr.đ", "72 trđ", "42 ng.tỷ", "450 Tr USD", "65.000.000 đ/người/năm"
    (r"tr\.?\s?đ(?:ồng)?", "VND", 1e6),
    (r"ng\.\s?(?:tỷ|ty)(?: đồng)?", "VND", 1e12),
    (r"tr\.?\s?usd", "USD", 1e6),
    (rf"{_NGHIN} đồng", "VND", 1e3),
    (r"đồng(?! ?(?:chí|bào|bằng|thời|bộ|ý|nghiệp|hồ|tâm|hành|loạt|đều|minh|phục|ruộng|cỏ|quê))", "VND", 1.0),
    (r"đ(?=\s*/|\s*$|[\s.,;)])", "VND", 1.0),
    (rf"{_TY_OCR} {_USD}", "USD", 1e9),
    (rf"{_TRIEU_OCR} {_USD}", "USD", 1e6),
    (rf"{_NGHIN} {_USD}", "USD", 1e3),
    (_USD, "USD", 1.0),
    # energy and volume counted in billions come before the bare "tỷ" (money)
    (rf"{_TY} kwh", "kWh", 1e9),
    (rf"{_TY} m3|{_TY} m³", "m3", 1e9),
    (rf"{_NGHIN} {_TY}(?! ?(?:lệ|trọng|suất))", "VND", 1e12),
    (rf"{_TY}(?! ?(?:lệ|trọng|suất))", "VND", 1e9),
    # mass, area, volume, energy, length
    # freight turnover, not volume: "luân chuyển 2.860 triệu tấn.km"
    (r"triệu tấn\s?[.\-·]\s?km|triệu tkm", "tonne_km", 1e6),
    (r"tấn\s?[.\-·]\s?km", "tonne_km", 1.0),
    (rf"{_NGHIN} tấn", "tonne", 1e3),
    (r"triệu tấn", "tonne", 1e6),
    (r"tấn", "tonne", 1.0),
    (r"tạ", "quintal", 1.0),
    (r"[µμ]g\s*/\s*m[3³]", "microgram_per_m3", 1.0),  # "bụi PM2.5 dưới 25 µg/m3" (before "kg": no clash)
    (r"mg\s*/\s*(?:l|lít)\b", "mg_per_litre", 1.0),  # "COD không quá 30 mg/l"
    (r"kg", "kg", 1.0),
    (rf"{_NGHIN} ha\b", "ha", 1e3),
    (r"ha\b|hécta|héc-ta|hecta|héc ta", "ha", 1.0),
    (r"km2|km²", "km2", 1.0),
    (r"triệu m2 sàn|triệu m² sàn", "m2_floor", 1e6),
    (r"m2 sàn|m² sàn", "m2_floor", 1.0),
    (r"triệu m2|triệu m²", "m2", 1e6),
    (r"m2|m²", "m2", 1.0),
    (r"triệu m3|triệu m³", "m3", 1e6),
    (r"m3|m³", "m3", 1.0),
    (r"triệu lít", "litre", 1e6),
    (r"lít\b", "litre", 1.0),
    (r"triệu kwh", "kWh", 1e6),
    (r"kwh", "kWh", 1.0),
    (r"mbps", "Mbps", 1.0),
    (r"gbps|gb/s", "Gbps", 1.0),  # "tốc độ tối thiểu 1 Gb/s"
    (r"mw\b|mwp\b", "MW", 1.0),
    (r"mva\b", "MVA", 1.0),
    (r"km\b", "km", 1.0),
    (r"cm\b", "cm", 1.0),
    (r"mm\b", "mm", 1.0),  # "tổng lượng mưa phổ biến 600-900 mm"
    (r"m\b(?![²³/])", "m", 1.0),  # "đỉnh lũ lên mức 8,35 m, trên báo động III là 1,35 m"
    # health
    (rf"bác (?:sĩ|sỹ){_PER_10K}", "doctor_per_10k", 1.0),
    (rf"giường(?: bệnh)?{_PER_10K}", "bed_per_10k", 1.0),
    (r"bác (?:sĩ|sỹ)", "doctor", 1.0),
    (r"bé trai\s*/\s*100 bé gái", "boys_per_100_girls", 1.0),
    (rf"dược (?:sĩ|sỹ)(?: đại học)?{_PER_10K}", "pharmacist_per_10k", 1.0),
    (r"dược (?:sĩ|sỹ)", "pharmacist", 1.0),
    (rf"điều dưỡng{_PER_10K}", "nurse_per_10k", 1.0),
    (r"điều dưỡng", "nurse", 1.0),
    (r"giường(?: bệnh)?", "bed", 1.0),
    # the total fertility rate: "2,1 con/phụ nữ (trong độ tuổi sinh đẻ)", before "con" (head of livestock)
    (r"con\s*/\s*(?:1\s*|một\s*)?phụ nữ(?: trong độ tuổi sinh đẻ| tuổi sinh đẻ)?", "child_per_woman", 1.0),
    (r"trạm y tế", "health_station", 1.0),
    # people
    (rf"{_NGHIN} lượt lao động", "worker", 1e3),
    (r"lượt lao động", "worker", 1.0),
    (r"triệu hành khách|triệu lượt hành khách", "passenger", 1e6),
    (r"lượt hành khách|hành khách", "passenger", 1.0),
    # turns, not people: "hơn 48 nghìn lượt hộ nghèo được vay vốn", "1.260 lượt học sinh"
    (rf"{_NGHIN} lượt hộ(?: gia đình)?", "household_turn", 1e3),
    (r"lượt hộ(?: gia đình)?", "household_turn", 1.0),
    (r"lượt học sinh", "pupil_turn", 1.0),
    (r"triệu lượt(?: khách(?: du lịch| quốc tế| nội địa)?| người)?", "visit", 1e6),
    (rf"{_NGHIN} lượt(?: khách(?: du lịch| quốc tế| nội địa)?| người)?", "visit", 1e3),
    (r"lượt khám(?: bệnh| chữa bệnh)?|lượt người bệnh", "medical_visit", 1.0),
    (r"lượt (?:bạn|người) đọc", "reader_visit", 1.0),  # "phục vụ trên 620.000 lượt bạn đọc"
    # "lượt" alone, or before the visitors it counts; "27 lượt dự án", "1.500 lượt cán bộ" are no visits
    (r"lượt (?:khách(?: du lịch| quốc tế| nội địa)?|người)|lượt(?! ?[^\W\d_])", "visit", 1.0),
    (r"lượt (?:cán bộ(?: y tế)?|công chức|viên chức|học viên|đảng viên)", "trainee", 1.0),
    # "620 lượt xe/ngày", "96 lượt dự án điều chỉnh": the turns of what is counted
    (r"lượt (?:xe|tàu|thuyền|phương tiện|chuyến|dự án|doanh nghiệp|hồ sơ)", "occurrence", 1.0),
    (r"lượt", "occurrence", 1.0),
    (r"triệu khách(?: du lịch)?", "visitor", 1e6),
    (r"triệu ngày khách", "guest_night", 1e6),
    (r"ngày khách", "guest_night", 1.0),
    (rf"{_NGHIN} khách(?: du lịch)?", "visitor", 1e3),
    # "không quá 1.000 khách/năm"; not "khách sạn", "khách hàng", "khách mời"
    (r"khách(?! ?(?:sạn|hàng|mời))(?: du lịch| quốc tế| nội địa)?\b", "visitor", 1.0),
    (r"người dùng", "user", 1.0),  # "450.000 người dùng nền tảng số" (before "người")
    (rf"{_NGHIN} người", "person", 1e3),
    (r"triệu người", "person", 1e6),
    (r"người\b", "person", 1.0),
    (rf"{_NGHIN} lao động", "worker", 1e3),
    (r"lao động", "worker", 1.0),
    (r"việc làm", "job", 1.0),
    (r"học sinh", "pupil", 1.0),
    (r"giáo viên", "teacher", 1.0),
    (r"sinh viên", "student", 1.0),
    (r"thí sinh", "candidate", 1.0),
    (r"đảng viên", "party_member", 1.0),
    (r"chi bộ", "party_cell", 1.0),
    (r"đồng chí", "person", 1.0),  # "nâng tổng số đảng viên lên 38.640 đồng chí"
    (r"dân quân(?: tự vệ)?", "militia", 1.0),
    (r"tổ chức cơ sở đảng|tổ chức đảng|đảng bộ(?: cơ sở| trực thuộc)?", "party_organisation", 1.0),
    (r"thanh niên|công dân", "person", 1.0),  # "giao 28 thanh niên nhập ngũ"
    (r"vận động viên|vđv\b", "athlete", 1.0),  # "6.200 vận động viên" (before "viên")
    (rf"{_NGHIN} khán giả", "spectator", 1e3),
    (r"khán giả", "spectator", 1.0),
    (r"cặp(?: vợ chồng)?\b", "couple", 1.0),  # "37 cặp tảo hôn"
    (r"em\b", "pupil", 1.0),  # "thí sinh tự do là 907 em"
    # "tập hợp được 512.300 đoàn viên, hội viên"
    (r"(?:hội viên|đoàn viên)(?:,? (?:hội viên|đoàn viên))?|thành viên", "member", 1.0),
    (r"quân nhân", "person", 1.0),  # "quản lý 21.350 quân nhân dự bị"
    # religious life: "46.200 tín đồ", "131 chức sắc, 214 chức việc"
    (r"tín đồ|chức sắc(?:, chức việc)?|chức việc", "person", 1.0),
    # "phát sóng 12.240 tin, bài, phóng sự"
    (r"tin,? bài(?:,? phóng sự)?|tin bài", "news_item", 1.0),
    (r"liều(?: vắc xin| vaccine| vắc-xin)?", "dose", 1.0),  # "tiêm 412.500 liều vắc xin"
    (r"cộng đồng(?! ?(?:dân cư|người))", "community", 1.0),  # "356 cộng đồng thôn, bản nhận khoán"
    (r"hội chợ", "fair", 1.0),  # "tổ chức 12 hội chợ" (before "hộ")
    (r"cán bộ(?: y tế)?|công chức|viên chức|nhân viên y tế|cộng tác viên", "staff", 1.0),
    (r"biên chế", "staff_post", 1.0),  # "tinh giản 1.236 biên chế"
    (r"phụ nữ", "person", 1.0),  # "khám sàng lọc cho 50.000 phụ nữ" (after "con/phụ nữ")
    (r"thủ tục(?: hành chính)?", "procedure", 1.0),  # "bãi bỏ 64 thủ tục", "công bố 1.842 thủ tục hành chính"
    (r"đường dây(?:, ổ nhóm)?|ổ nhóm", "ring", 1.0),  # "triệt phá 14 đường dây, ổ nhóm ma túy"
    # "giải quyết 1.045 ý kiến, kiến nghị"
    (r"(?:ý kiến, )?kiến nghị|ý kiến(?=,? kiến nghị)", "petition", 1.0),
    (r"câu lạc bộ|clb\b", "club", 1.0),  # "1.960 câu lạc bộ thể dục thể thao"
    (r"chuyến bay|chuyến", "flight", 1.0),
    (r"mã số vùng trồng|mã vùng trồng", "growing_area_code", 1.0),
    (r"đối tượng", "person", 1.0),
    (r"trường hợp", "case", 1.0),
    # "ghi nhận 1.245 ca sốt xuất huyết", "điều trị 3.400 bệnh nhân", "đào tạo 2.150 học viên"
    (r"ca\b(?! ?(?:sĩ|sỹ|khúc|nhạc|dao|ngợi|múa|kịp|cao))", "case", 1.0),
    (r"bệnh nhân|người bệnh", "patient", 1.0),
    (r"học viên", "trainee", 1.0),
    (r"trẻ(?: em)?\b", "child", 1.0),
    (r"lớp(?: học)?\b", "class", 1.0),
    # places and organisations
    # since 2025 communes and wards are counted together: "61/65 xã, phường đạt tiêu chuẩn", "23 xã, phường, đặc khu"
    (r"(?:xã, phường|phường, xã)(?:,? (?:và )?(?:đặc khu|thị trấn))?", "commune", 1.0),
    (r"xã(?! hội)", "commune", 1.0),
    (r"phường", "ward", 1.0),
    (r"thị trấn", "township", 1.0),
    (r"huyện", "district", 1.0),
    (r"làng nghề", "craft_village", 1.0),  # "công nhận mới 04 làng nghề" (before "làng")
    (
        r"(?:thôn|làng|tổ dân phố|xóm|ấp)(?:, (?:tổ dân phố|bản|xóm|làng|khu phố))?",
        "village",
        1.0,
    ),  # "3.119 thôn, tổ dân phố"
    (r"nhân khẩu", "person", 1.0),
    (r"tổ(?! ?(?:chức|quốc|hợp|công tác|dân|tụng|đại biểu|trưởng|phó|viên))", "team", 1.0),
    (r"hộ gia đình|hộ(?! ?(?:tịch|chiếu|khẩu|lý|pháp|vệ))", "household", 1.0),
    (r"gia đình", "family", 1.0),
    (r"doanh nghiệp|dn\b", "enterprise", 1.0),
    (r"công ty(?! ?(?:mẹ|con))", "enterprise", 1.0),  # "1.020 công ty trách nhiệm hữu hạn"
    (r"hợp tác xã|htx", "cooperative", 1.0),
    (r"trường(?: học)?(?! ?(?:hợp|đoàn|kỳ))", "school", 1.0),
    (r"cơ sở lưu trú", "accommodation", 1.0),
    (r"cơ sở thờ tự", "place_of_worship", 1.0),
    (r"cơ sở", "facility", 1.0),
    (r"khu công nghiệp|kcn\b|khu(?= đã| đi| được|[,;.)]|$)", "industrial_park", 1.0),
    # "hoàn thành 3 khu xử lý chất thải"
    (r"khu(?= xử lý| tái định cư| dân cư| đô thị| chăn nuôi)", "zone", 1.0),
    (r"khách sạn", "hotel", 1.0),
    (r"cụm công nghiệp|ccn\b|cụm(?= đã| đi| được|[,;.)]|$)", "industrial_cluster", 1.0),
    (r"(?:biên )?bản ghi nhớ|mou\b", "memorandum", 1.0),  # "ký 12 biên bản ghi nhớ (MOU)"
    (r"tổ hợp tác", "cooperative_group", 1.0),
    (r"đoàn(?! ?(?:kết|viên|thể|thanh niên))", "delegation", 1.0),  # "tổ chức 4 đoàn xúc tiến đầu tư"
    (r"ngày làm việc", "working_day", 1.0),  # "giải quyết trong không quá 2 ngày làm việc"
    (r"phút\b(?! ?(?:trước|qua))", "minute", 1.0),  # "thời gian chờ dưới 15 phút"; not "đăng 15 phút trước"
    (r"siêu thị", "supermarket", 1.0),
    (r"gian hàng", "stall", 1.0),  # "hội chợ có hơn 350 gian hàng"
    # "312 máy ATM và 9.400 thiết bị POS"
    (r"máy (?:atm|pos)|thiết bị(?: pos| chấp nhận thẻ)?", "device", 1.0),
    (r"khách hàng", "customer", 1.0),  # "gần 215.000 khách hàng vay vốn"
    (r"khoản thu", "revenue_item", 1.0),  # "có 19/22 khoản thu đạt và vượt dự toán"
    # "2 trung tâm logistics"
    (r"trung tâm logistics|trung tâm(?= dịch vụ| văn hóa| y tế| đổi mới| khởi nghiệp)", "centre", 1.0),
    (r"trung tâm thương mại", "shopping_centre", 1.0),
    (r"cửa hàng(?: tiện lợi| xăng dầu)?|cây xăng", "shop", 1.0),
    (r"trạm bơm", "pumping_station", 1.0),  # "214 trạm bơm điện" (before "trạm")
    (r"hồ chứa", "reservoir", 1.0),  # "sửa chữa, nâng cấp 96 hồ chứa"
    (r"đập(?: dâng)?\b|hồ,? đập", "dam", 1.0),  # "sửa chữa, nâng cấp 180 hồ, đập"
    (r"vùng(?: sản xuất| nguyên liệu| trồng)\b", "zone", 1.0),  # "hình thành thêm 3 vùng sản xuất"
    (r"trạm biến áp", "substation", 1.0),
    # "600 trạm BTS 5G"
    (r"trạm (?:bts|thu phát sóng|phát sóng)(?: (?:di động )?[345]g)?", "base_station", 1.0),
    (r"trạm\b", "station", 1.0),  # after the stations named above: "9 trạm" in a list of health stations
    (r"tàu(?: cá)?\b|phương tiện", "vessel", 1.0),
    (r"lồng(?: cá)?", "cage", 1.0),  # "4.360 lồng nuôi cá": the unit "lồng", the name "nuôi cá"
    (r"sáng kiến", "initiative", 1.0),
    (r"bãi(?: chôn lấp| rác)?\b", "landfill", 1.0),  # "11 bãi chôn lấp và 03 lò đốt"
    (r"lò đốt", "incinerator", 1.0),
    (
        r"cơn bão|áp thấp nhiệt đới|trận (?:mưa|lũ|lốc|động đất)|đợt (?:mưa|lũ|rét|nắng nóng|xâm nhập mặn)",
        "event",
        1.0,
    ),
    (r"kỹ sư|kĩ sư", "engineer", 1.0),
    # "cho thuê đất cho 215 tổ chức"; not "tổ chức thực hiện", "tổ chức hội nghị", ...
    (r"tổ chức(?:,? cá nhân)?(?! ?(?:thực hiện|triển khai|hội|lễ|đoàn))", "organisation", 1.0),
    (r"huy chương", "medal", 1.0),  # "giành 24 huy chương, trong đó 5 huy chương vàng"
    # "đoạt 15 giải (1 giải Nhất, ...)"; not "giải pháp", "giải quyết", "giải ngân", ...
    (
        r"giải\b(?! ?(?:pháp|quyết|ngân|phóng|thể(?! thao)|trình|đấu|tỏa|toả|thích|cứu|mã|tán|trí|tích|khát|phẫu))",
        "prize",
        1.0,
    ),
    # "146 buổi biểu diễn", "chiếu 620 buổi"; not "học 2 buổi/ngày" (a schedule in a name)
    (r"buổi(?: biểu diễn| chiếu(?: phim)?| tuyên truyền)?(?!\s*/)", "show", 1.0),
    (r"di tích", "heritage_site", 1.0),  # "486 di tích được xếp hạng"
    (r"lễ hội", "festival", 1.0),  # "tổ chức 312 lễ hội truyền thống"
    (r"nhiệm vụ", "task", 1.0),  # "nghiệm thu 27 nhiệm vụ khoa học", "3 nhiệm vụ trọng tâm"
    (r"đồ án(?: quy hoạch)?", "planning_scheme", 1.0),  # "lập, điều chỉnh 12 đồ án quy hoạch chung đô thị"
    (r"thỏa thuận|thoả thuận", "agreement", 1.0),  # "kết nối thành công 14 thỏa thuận đầu tư"
    (r"thư viện", "library", 1.0),
    (r"tủ sách", "bookcase", 1.0),  # "236 tủ sách cộng đồng"
    (r"tài liệu", "document", 1.0),  # "số hóa 3.600 tài liệu"
    (r"tụ điểm", "venue", 1.0),  # "không dưới 20 tụ điểm vui chơi"
    (r"di sản", "heritage", 1.0),
    (r"kỹ thuật(?! ?viên)|kĩ thuật(?! ?viên)", "technique", 1.0),  # "triển khai thêm 14 kỹ thuật mới"
    (r"bản sách|bản(?=\s*/\s*người)", "copy", 1.0),  # "0,6 bản/người" (not "12 bản", hamlets)
    (r"nhãn hiệu", "trademark", 1.0),
    (r"ngày công", "workday", 1.0),
    (r"bóng đèn", "lamp", 1.0),
    (r"bệnh viện", "hospital", 1.0),
    (r"dự án", "project", 1.0),
    (r"công trình", "work", 1.0),
    # "8.500 căn nhà ở xã hội": the unit "căn", the name "nhà ở xã hội"
    (r"căn(?: nhà(?! ở)| hộ)?|ngôi nhà|nhà (?:ở|tạm|tình nghĩa|đại đoàn kết)", "dwelling", 1.0),
    # "khởi công 14 cầu", "120 cầu dân sinh"; not "cầu thủ", "cầu nối", ...
    (r"cầu(?: treo| tạm| dân sinh)?\b(?! ?(?:thủ|vồng|kỳ|lông|nối|cảng|thang|hôn))", "bridge", 1.0),
    (r"đô thị\b(?! ?hóa| ?hoá)", "urban_area", 1.0),  # "18 đô thị, trong đó 1 đô thị loại I"
    (r"nhà máy", "factory", 1.0),
    (r"nhà văn hóa|nhà văn hoá|nhà sinh hoạt cộng đồng", "cultural_house", 1.0),
    (r"phòng thi", "exam_room", 1.0),  # "1.642 phòng thi" (before "phòng")
    (r"bài thi", "exam_paper", 1.0),
    (r"phòng học", "classroom", 1.0),
    # "xây 6 phòng bộ môn" (a name, not "phòng" alone)
    (r"phòng (?:học )?bộ môn|phòng chức năng", "room", 1.0),
    # "sửa chữa 3 nhà vệ sinh"
    (r"nhà (?:vệ sinh|ăn|đa năng|lớp học|bán trú|công vụ|thi đấu)", "building", 1.0),
    (r"buồng(?: phòng)?", "room", 1.0),
    (
        r"phòng(?! ?(?:ban|chống|ngừa|cháy|họp|khám|thủ|vệ|trào|tuyến|ngự|thí|làm|giao|tư|kinh|văn|cảnh))",
        "room",
        1.0,
    ),
    (r"hồ sơ", "dossier", 1.0),
    (r"tài khoản", "account", 1.0),  # "612.450 tài khoản định danh điện tử được kích hoạt"
    (r"thuê bao", "subscriber", 1.0),  # "3 triệu thuê bao di động"
    (
        r"thẻ(?= bảo hiểm| bhyt| căn cước| định danh| bạn đọc|[,;.)]|$)",
        "card",
        1.0,
    ),  # "cấp 45.000 thẻ bảo hiểm y tế"
    (r"(?:suất|phần) quà|suất(?= học bổng| ăn|[,;.)]|$)", "gift", 1.0),  # "trao 128.500 suất quà"
    (r"giấy chứng nhận", "certificate", 1.0),
    (r"giấy phép(?: lái xe)?", "licence", 1.0),
    # "cấp lần đầu 9.215 giấy", "21 văn bằng bảo hộ", "412.000 chứng thư số"
    (r"giấy\b(?! ?(?:tờ|mời))|văn bằng(?: bảo hộ)?|chứng thư(?: số)?", "certificate", 1.0),
    # "46 đơn đăng ký sở hữu công nghiệp", "tiếp nhận 320 đơn thư"; not "đơn vị", "đơn giá"
    (
        r"đơn(?: thư| đăng ký| đăng kí)?\b(?! ?(?:vị|giá|điệu|lẻ|độc|thuần|giản|côi|phương|sắc|tuyến|chiếc|ca))",
        "application",
        1.0,
    ),
    (r"thửa(?: đất)?\b", "parcel", 1.0),  # "đo đạc, cấp giấy cho 7.000 thửa đất"
    (r"quyết định", "decision", 1.0),
    (r"cuộc gọi", "call", 1.0),  # "tiếp nhận 23.400 cuộc gọi"
    (r"cuộc", "event", 1.0),  # "58 cuộc thanh tra"
    # "mở thêm 3 tuyến du lịch mạo hiểm", "nâng cấp 2 tuyến đường tỉnh"
    (r"tuyến(?= du lịch| xe buýt| đường| giao thông| cáp)", "route", 1.0),
    (r"phiên(?: giao dịch(?: việc làm)?)?", "session", 1.0),  # "tổ chức 24 phiên giao dịch việc làm"
    (r"chủ thể(?: ocop)?", "entity", 1.0),
    (r"chủ đầu tư|nhà đầu tư", "investor", 1.0),  # "14 chủ đầu tư giải ngân trên 80% kế hoạch vốn"
    (r"đơn vị(?: hành chính)?(?! ?tính)", "organisation", 1.0),
    # "còn 11 sở, ngành", "14 sở và 96 xã"; not "sở hữu" ("cơ sở" is read above)
    (r"sở(?:,? ban,? ngành|,? ngành)?(?! ?(?:hữu|thích|trường|dĩ))\b", "department", 1.0),
    (r"cơ quan(?:, đơn vị)?", "organisation", 1.0),  # "32 cơ quan, đơn vị được kiểm tra"
    (r"viên(?! ?(?:chức|nén|chức))", "piece", 1.0),  # "thu giữ 22.500 viên ma túy tổng hợp"
    (r"ngày\s*/\s*(?:lượt )?khách", "days_per_guest", 1.0),  # "thời gian lưu trú bình quân 2,3 ngày/khách"
    (r"chợ", "market", 1.0),
    (r"sản phẩm(?: ocop)?", "product", 1.0),
    (r"tiêu chí\s*/\s*xã", "criterion_per_commune", 1.0),
    (r"tiêu chí", "criterion", 1.0),
    (r"chỉ tiêu", "target_count", 1.0),
    (r"mô hình", "model", 1.0),
    (r"triệu con", "head", 1e6),
    (rf"{_NGHIN} đầu con", "head", 1e3),  # "tổng đàn gia súc khoảng 385 nghìn đầu con"
    (r"đầu con", "head", 1.0),
    (rf"{_NGHIN} con", "head", 1e3),
    (r"con\b(?! số| so\b)", "head", 1.0),  # "tăng trưởng 2 con số": double digits, no livestock
    (r"triệu cây", "tree", 1e6),
    (rf"{_NGHIN} cây", "tree", 1e3),
    (r"cây\b(?! ?(?:xăng|số|cầu))", "tree", 1.0),
    (r"lần\b(?! ?thứ)", "times", 1.0),
    (r"tuổi\b", "years_of_age", 1.0),
    # sites, not scores: "tại 81 điểm thi", "4 điểm du lịch và 1 khu du lịch" (before "điểm")
    (r"điểm thi", "exam_site", 1.0),
    (r"điểm du lịch|khu du lịch", "tourist_site", 1.0),
    (r"điểm phần trăm|điểm %", "percentage_point", 1.0),
    (r"điểm\b(?! ?cầu)", "point", 1.0),  # not "kết nối tới 148 điểm cầu" (a video link's sites)
    (r"bậc\b", "rank_step", 1.0),
    (r"vụ việc|vụ\b", "case", 1.0),  # "giải quyết 405/438 vụ việc"
]

# A per-something suffix after a unit: "triệu đồng/người/năm", "tấn/ha", "ca/100.000 trẻ đẻ sống",
# "doanh nghiệp/1.000 dân"; "%/năm" is handled above. A "1" before the denominator is dropped ("/1 vạn dân"),
# not the first digit of "100.000".
_SUFFIX_RE = re.compile(
    r"(?:\s*/\s*(?:1(?![\d.,])\s*|một\s*)?(người|ha|năm|tháng|hộ|lao động|vạn dân|xã|ngày đêm|ngày|km2|khẩu|sào|kg"
    r"|tấn|lít|m2|m3|căn nhà|căn|con|học sinh|lớp|trường|giờ|kwh|phụ nữ|nguoi|nam|thang|ho|lao dong|xa|ngay"
    r"|(?:1\.000|10\.000|100\.000|1000|10000|100000)\s+(?:trẻ (?:đẻ|sinh) sống|ca (?:đẻ|sinh) sống|người dân|dân"
    r"|người))(?![^\W\d_]))+"
    r"(?:\s*/\s*ngày đêm)?"
)
_SUFFIX_CANON = {
    "người": "person",
    "ha": "ha",
    "năm": "year",
    "tháng": "month",
    "hộ": "household",
    "lao động": "worker",
    "vạn dân": "10k_pop",
    "xã": "commune",
    "ngày đêm": "day",
    "ngày": "day",
    "km2": "km2",
    "khẩu": "person",
    "sào": "sao",
    "tấn": "tonne",
    "lít": "litre",
    "căn nhà": "dwelling",
    "căn": "dwelling",
    "con": "head",
    "học sinh": "pupil",
    "lớp": "class",
    "trường": "school",
    "giờ": "hour",
    "phụ nữ": "woman",
    "nguoi": "person",
    "nam": "year",
    "thang": "month",
    "ho": "household",
    "lao dong": "worker",
    "xa": "commune",
    "ngay": "day",
}


_SUFFIX_PART_RE = re.compile(r"/\s*(?:1(?![\d.,])\s*|một\s*)?([^/]+?)\s*(?=/|$)")
# A counted denominator: "100.000 trẻ đẻ sống" -> "100k_live_births", "1.000 dân" -> "1k_pop".
_COUNTED_DENOMINATOR_RE = re.compile(r"(1|10|100)\.?000 (.+)")
_DENOMINATOR_CANON = {"dân": "pop", "người": "pop", "người dân": "pop"}


def _suffix_canonical(part: str) -> str:
    counted = _COUNTED_DENOMINATOR_RE.fullmatch(part)
    if counted is None:
        return _SUFFIX_CANON.get(part, part)
    thousands, what = counted.groups()
    return f"{thousands}k_" + _DENOMINATOR_CANON.get(what, "live_births" if "sống" in what else what)


def _fold_letters(pattern: str) -> str:
    """A unit pattern with its Vietnamese letters folded ("người" -> "nguoi"); the regex syntax, ASCII, is kept."""
    return "".join(ch if ch.isascii() else fold_keep_length(ch) for ch in pattern)


def _any_space(pattern: str) -> str:
    """Let a written space match any white space, a hard-wrapped line included ("1.700 tỷ\nđồng")."""
    return pattern.replace(" ?", r"\s?").replace(" ", r"\s+")


# Up to two blanks, then the unit, which starts at group "at". Each alternative ends in an empty named group
# that tells which unit matched (``m.lastgroup``): put at the end rather than around the alternative, it
# leaves the alternative starting with its first literal, which lets the engine reject most of the ~90
# alternatives on their first character (8x faster). No unit starts with a blank, so "{0,2}" gives back
# nothing: more than two blanks is no unit, as before.
_UNIT_RE = re.compile(
    "[ \u00a0\t]{0,2}(?P<at>)(?:"
    + "|".join(f"(?:{_any_space(pattern)})(?P<u{i}>)" for i, (pattern, _, _) in enumerate(_UNITS))
    + ")"
)
# The same units as a text without diacritics writes them ("12/12 thon", "95 trieu dong/nguoi/nam"), tried
# only where the regex above finds nothing and the word after the number is plain ASCII: a unit written with its
# marks never reaches it, and an ASCII word is read as the unit it folds from.
_UNIT_FOLDED_RE = re.compile(
    "[ \u00a0\t]{0,2}(?P<at>)(?:"
    + "|".join(
        f"(?:{_any_space(_fold_letters(pattern))})(?P<u{i}>)" for i, (pattern, _, _) in enumerate(_UNITS)
    )
    + ")"
)
_UNIT_HEADS = frozenset(" \u00a0\t%‰°％")
_UNIT_OF_GROUP = {f"u{i}": (canonical, scale) for i, (_, canonical, scale) in enumerate(_UNITS)}
# A unit must end at a word boundary unless it is a symbol.
_WORD_END = re.compile(r"(?=[\s.,;:)(\[\]/\-–!?\"'”…¹²³⁴⁵⁶⁷⁸⁹⁰*]|$)")  # superscripts, [1], *: footnote marks


class UnitMatch(NamedTuple):
    """A unit found after a number (a named tuple: made for every number read, it must be cheap to build)."""

    start: int
    end: int
    canonical: str
    scale: float


_PER_YEAR_RE = re.compile(r"^[^/]*/\s*n[aă]m$")


def is_per_year(unit: str) -> bool:
    """Whether a unit as written is a rate per year ("%/năm", "ha/năm"): a flow over years, not a level (an income
    "triệu đồng/người/năm" is one)."""
    return _PER_YEAR_RE.match(unit) is not None


def match_unit(lower_text: str, pos: int) -> UnitMatch | None:
    """The known unit starting at ``pos`` (after optional spaces) in the lower-cased text, or None."""
    head = lower_text[pos : pos + 1]
    if not (head.isalpha() or head in _UNIT_HEADS):
        return None  # "(1)", "2020,": every unit starts with a letter or a sign of _UNIT_HEADS, after at most two blanks
    m = _UNIT_RE.match(lower_text, pos)
    if not m:
        ahead = lower_text[pos : pos + 24]
        if not (ahead.isascii() and ahead.lstrip()[:1].isalpha()):
            return (
                None  # words with marks ahead ("con số"): the text writes its marks, the regex above said no
            )
        m = _UNIT_FOLDED_RE.match(lower_text, pos)
        if not m:
            return None
    start, end = m.start("at"), m.end()
    if lower_text[end - 1].isalnum() and not _WORD_END.match(lower_text, end):
        return None
    canonical, scale = _UNIT_OF_GROUP[m.lastgroup]  # type: ignore[index]
    after = end
    while lower_text[after : after + 1].isspace():
        after += 1
    suffix = _SUFFIX_RE.match(lower_text, end) if lower_text[after : after + 1] == "/" else None
    if suffix and not canonical.endswith("per_year") and not canonical.endswith("_10k"):
        parts = _SUFFIX_PART_RE.findall(suffix.group().strip())
        canonical += "".join("/" + _suffix_canonical(" ".join(p.split())) for p in parts)
        end = suffix.end()
    return UnitMatch(start=start, end=end, canonical=canonical, scale=scale)


_SCALE_WORDS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9, "vạn": 1e4}
_SCALE_RE = re.compile(r"(nghìn|ngàn|triệu|tỷ|tỉ|vạn)\s+(\w+)")


def match_scaled_unknown(lower_text: str, pos: int) -> UnitMatch | None:
    """``2 triệu cây giống``: a scale word before an unknown noun; the unit is kept as written (no canonical)."""
    start = pos
    while start < len(lower_text) and lower_text[start] == " ":
        start += 1
    m = _SCALE_RE.match(lower_text, start)
    if not m or start - pos > 1:
        return None
    scale = _SCALE_WORDS[m.group(1)]
    # "25 nghìn học sinh", "1,2 triệu tài khoản": a scale word before a known unit is that unit, scaled
    if (known := match_unit(lower_text, m.start(2))) is not None and known.start == m.start(2):
        return UnitMatch(start=start, end=known.end, canonical=known.canonical, scale=scale * known.scale)
    return UnitMatch(start=start, end=m.end(), canonical="", scale=scale)
