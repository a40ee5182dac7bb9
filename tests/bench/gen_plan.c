/* gen_plan: writes a large, valid kehoach plan file for the benchmarks.
 *
 *   gen_plan [-o PATH] UNITS DUTIES_PER_UNIT [SEED]
 *
 * The plan has id bench-plan, an explicit period and all three phases
 * (absolute ISO dates only: the loader has no calendar yet, so no `tet:`),
 * one group unit `cac-phong` whose members are the first few units, then
 * units u0001 … with duties u0001-001 … Duty texts are put together from
 * phrases of plans/ha-tinh-tet-2022.yaml (NFC, diacritics everywhere) by a
 * seeded xorshift generator, so the output depends only on the arguments.
 * At 1000 × 100 it is about 30 MB (≈ 300 bytes per duty).
 *
 * Plain C11 and libc; output goes through one large buffer, so 30 MB takes
 * a few tens of milliseconds. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- output ------------------------------------------------------------ */

static FILE *out_file;
static char out_buf[1 << 20];
static size_t out_len;

static void out_flush(void)
{
	if (out_len && fwrite(out_buf, 1, out_len, out_file) != out_len) {
		fprintf(stderr, "gen_plan: write failed: %s\n", strerror(errno));
		exit(1);
	}
	out_len = 0;
}

static void out_mem(const char *s, size_t n)
{
	if (out_len + n > sizeof(out_buf))
		out_flush();
	memcpy(out_buf + out_len, s, n);
	out_len += n;
}

static void out_str(const char *s)
{
	out_mem(s, strlen(s));
}

static void out_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out_fmt(const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		fprintf(stderr, "gen_plan: internal error: line too long\n");
		exit(1);
	}
	out_mem(tmp, (size_t)n);
}

/* ---- seeded PRNG (xorshift64*) ------------------------------------------ */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	/* splitmix64 so that small seeds still give a well-mixed state */
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	rng_state = (z ^ (z >> 31)) | 1;
}

static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Uniform-enough integer in [0, n). */
static unsigned rng_below(unsigned n)
{
	return (unsigned)((rng_next() >> 32) % n);
}

/* True with probability percent / 100. */
static int rng_chance(unsigned percent)
{
	return rng_below(100) < percent;
}

#define PICK(a) ((a)[rng_below((unsigned)N(a))])

/* ---- civil dates (days since 1970-01-01) -------------------------------- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

#define DATE_BUF 64   /* room for any long year, so no truncation */

static void date_iso(long z, char out[DATE_BUF])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, DATE_BUF, "%04ld-%02ld-%02ld", y, m, d);
}

/* ---- vocabulary, from plans/ha-tinh-tet-2022.yaml ------------------------ */

/* Opening verbs of a duty (capitalised) and of a following clause. */
static const char *const verbs_cap[] = {
	"Tăng cường", "Triển khai", "Thực hiện tốt", "Chỉ đạo", "Tham mưu tổ chức thực hiện",
	"Duy trì", "Đẩy mạnh", "Rà soát", "Kiểm tra", "Chủ động phối hợp thực hiện",
	"Tổ chức", "Bố trí", "Xây dựng", "Quan tâm triển khai có hiệu quả",
	"Xử lý nghiêm", "Đề xuất giải pháp cho", "Tiếp tục triển khai vận hành",
	"Triển khai đồng bộ", "Theo dõi, quản trị", "Thực hiện đúng",
};
static const char *const verbs_low[] = {
	"tăng cường", "triển khai", "thực hiện tốt", "chỉ đạo kịp thời", "tham mưu",
	"duy trì", "đẩy mạnh", "rà soát, duy tu, bảo dưỡng", "kiểm tra, tự kiểm tra",
	"kịp thời phối hợp xử lý", "tổ chức sắp xếp", "bố trí", "xây dựng",
	"nâng cao chất lượng", "xử lý kịp thời", "đảm bảo", "giám sát",
	"tuyên truyền sâu rộng", "theo dõi", "phản ánh kịp thời",
};
static const char *const objects[] = {
	"công tác theo dõi, xiết chặt kỷ luật, kỷ cương hành chính",
	"công tác thông tin, tuyên truyền, vận động các tầng lớp nhân dân",
	"việc công khai hoạt động của cơ quan nhà nước",
	"các biện pháp bảo đảm an toàn thông tin mạng",
	"hoạt động Cổng và các Chuyên mục trên cổng",
	"hệ thống dịch vụ công mức độ 3 và mức độ 4",
	"lịch và tổ chức trực các ngày nghỉ tết Nguyên đán",
	"công tác tiếp công dân định kỳ thường xuyên",
	"công tác CCHC và quản lý chất lượng",
	"mạng truyền số liệu chuyên dùng cấp II toàn tỉnh",
	"hạ tầng kết nối liên thông, trao đổi văn bản, tài liệu",
	"việc thực hiện quy chế dân chủ trong cơ quan, đơn vị, địa phương",
	"phong trào thi đua đặc biệt của Ngành",
	"chế độ trực ca, trực điều hành, ứng cứu thông tin 24/24h",
	"các chương trình bình ổn thị trường",
	"hệ thống bản đồ hỗ trợ công tác phòng, chống dịch Covid-19",
	"hoạt động của Sàn Giao dịch thương mại điện tử của tỉnh",
	"hệ thống máy tính, thiết bị CNTT, Điện tử, Viễn thông",
	"an toàn mạng lưới và thông tin liên lạc",
	"các đơn thư KNTC thuộc thẩm quyền của Sở",
	"hoạt động của một số phóng viên, cộng tác viên, văn phòng đại diện",
	"các quy chế, quy trình nội bộ của đơn vị",
	"công tác bảo vệ, phát triển rừng",
	"phong trào “Tết trồng cây đời đời nhớ ơn Bác Hồ”",
	"việc điều phối chia sẻ việc sử dụng chung hạ tầng giữa các doanh nghiệp",
	"kế hoạch triển khai các nhiệm vụ của đơn vị",
	"năng lực mạng lưới, chất lượng dịch vụ",
	"các phương án dự phòng, phương án phân tải",
	"hồ sơ thủ tục hành chính",
	"công tác an toàn, an ninh thông tin",
};
static const char *const qualifiers[] = {
	"trên địa bàn tỉnh",
	"trước, trong và sau Tết Nguyên đán Nhâm Dần 2022",
	"theo chỉ đạo của cấp trên",
	"để kịp thời thực hiện các nhiệm vụ",
	"không để chậm trễ ảnh hưởng đến đời sống và hoạt động sản xuất, kinh doanh của người dân và doanh nghiệp",
	"đáp ứng yêu cầu nhiệm vụ",
	"của cán bộ, công chức, viên chức và người lao động",
	"trong dịp Tết",
	"nhằm ngăn chặn, phát hiện và xử lý kịp thời các hành vi vi phạm",
	"để có biện pháp xử lý kịp thời, giảm thiểu thiệt hại",
	"phục vụ công tác lãnh đạo, chỉ đạo của cấp uỷ, chính quyền các cấp",
	"theo hướng hiện đại, đảm bảo an toàn hoạt động",
	"góp phần nâng cao văn hóa, đạo đức công vụ",
	"để người dân vui Xuân, đón Tết trong trạng thái bình thường mới",
	"trong thời gian Tết Dương lịch và Tết Nguyên đán",
	"khi có dấu hiệu vi phạm",
	"bảo đảm hoạt động thông suốt 24/24 giờ",
	"của các cơ quan Đảng, Nhà nước trên môi trường mạng",
};
static const char *const doc_kinds[] = {
	"Chỉ thị", "Kế hoạch", "Văn bản", "Quyết định", "Nghị quyết", "Kết luận", "Công văn",
};
static const char *const doc_suffixes[] = {
	"CT-UBND", "KH-UBND", "UBND-VX", "QĐ-UBND", "NQ/TU", "KL/TU", "BTTTT-CATTT",
	"UBND-NL4", "CAT-QLHC", "STTTT-VP",
};
static const char *const doc_issuers[] = {
	"UBND tỉnh", "Ban Thường vụ Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh",
	"Bộ Thông tin và Truyền thông", "Công an tỉnh", "HĐND tỉnh",
};
static const char *const targets[] = {
	"100% hồ sơ thủ tục hành chính được giải quyết đúng hạn",
	"Cổng hoạt động thông suốt 24/24 giờ",
	"chế độ trực ca, trực điều hành, ứng cứu thông tin 24/24h",
	"100% cán bộ, công chức chấp hành nghiêm kỷ luật, kỷ cương hành chính",
	"không để xẩy ra sự cố mất an toàn thông tin mạng",
	"100% đơn thư được tiếp nhận và giải quyết kịp thời",
};
static const char *const unit_kinds[] = {
	"Văn phòng", "Thanh tra", "Phòng Bưu chính viễn thông",
	"Phòng công nghệ thông tin", "Phòng Thông tin, Báo chí xuất bản",
	"Trung tâm CNTT-TT", "Phòng Văn hóa và Thông tin", "Phòng Tài chính – Kế hoạch",
	"Phòng Tư pháp", "Phòng Nội vụ", "UBND xã", "Ban Chỉ huy Quân sự",
};
static const char *const places[] = {
	"Hà Tĩnh", "Cẩm Xuyên", "Kỳ Anh", "Hương Sơn", "Đức Thọ", "Nghi Xuân",
	"Thạch Hà", "Can Lộc", "Hương Khê", "Vũ Quang", "Lộc Hà", "Hồng Lĩnh",
	"Thái Bình", "Đông Hưng", "Quỳnh Phụ", "Tiền Hải", "Kiến Xương", "Vũ Thư",
};
static const char *const family_names[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ",
};
static const char *const middle_names[] = {
	"Văn", "Thị", "Đức", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc",
};
static const char *const given_names[] = {
	"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Linh", "Nam",
	"Phương", "Quang", "Sơn", "Thảo", "Tuấn", "Việt", "Xuân", "Yến",
};
static const char *const phase_names[] = { "before", "during", "after" };

/* ---- the plan ----------------------------------------------------------- */

#define GROUP_MEMBERS 6
#define GROUP_DUTIES 4

static long plan_from, plan_to;

/* Appends one duty text (no quotes; the vocabulary has no '"' or '\'). */
static void emit_text(void)
{
	out_str(PICK(verbs_cap));
	out_str(" ");
	out_str(PICK(objects));
	out_str(" ");
	out_str(PICK(qualifiers));
	/* 0 (65%), 1 (30%) or 2 (5%) more clauses: ≈ 190 bytes on average. */
	unsigned r = rng_below(100), clauses = r < 65 ? 0 : r < 95 ? 1 : 2;
	for (unsigned c = 0; c < clauses; c++) {
		out_str(rng_chance(50) ? ", " : "; ");
		out_str(PICK(verbs_low));
		out_str(" ");
		out_str(PICK(objects));
		if (rng_chance(50)) {
			out_str(" ");
			out_str(PICK(qualifiers));
		}
	}
	out_str(".");
}

static void emit_ref(void)
{
	int day = 1 + (int)rng_below(28), month = 1 + (int)rng_below(12);
	int year = 2020 + (int)rng_below(2);
	out_fmt("\"%s số %u/%s ngày %02d/%02d/%d của %s\"", PICK(doc_kinds),
		1 + rng_below(5000), PICK(doc_suffixes), day, month, year,
		PICK(doc_issuers));
}

static void emit_duty(const char *id, unsigned unit_no, unsigned n_units)
{
	char date[DATE_BUF];
	out_fmt("      - id: %s\n        text: \"", id);
	emit_text();
	out_str("\"\n");
	if (rng_chance(65))
		out_fmt("        phase: %s\n", PICK(phase_names));
	if (rng_chance(45)) {
		/* Spread from two weeks before the period to ten days after. */
		long span = plan_to - plan_from + 24;
		long due = plan_from - 14 + (long)rng_below((unsigned)span);
		date_iso(due, date);
		out_fmt("        due: %s\n", date);
		if (rng_chance(20)) {
			date_iso(due - (long)rng_below(10), date);
			out_fmt("        start: %s\n", date);
		}
	}
	if (rng_chance(25)) {
		out_str("        refs: [");
		unsigned n = rng_chance(80) ? 1 : 2;
		for (unsigned i = 0; i < n; i++) {
			if (i)
				out_str(", ");
			emit_ref();
		}
		out_str("]\n");
	}
	if (n_units > 1 && rng_chance(20)) {
		/* One or two other units, distinct. */
		unsigned a = 1 + rng_below(n_units);
		if (a == unit_no)
			a = a % n_units + 1;
		out_fmt("        with: [u%04u", a);
		if (n_units > 2 && rng_chance(40)) {
			unsigned b = 1 + rng_below(n_units);
			while (b == unit_no || b == a)
				b = b % n_units + 1;
			out_fmt(", u%04u", b);
		}
		out_str("]\n");
	}
	if (rng_chance(15))
		out_fmt("        target: \"%s\"\n", PICK(targets));
}

static void emit_plan(unsigned n_units, unsigned per_unit, unsigned long long seed)
{
	char from[DATE_BUF], to[DATE_BUF];
	long p[3][2];

	plan_from = days_from_civil(2022, 1, 19);
	plan_to = days_from_civil(2022, 2, 15);
	p[0][0] = plan_from;                        p[0][1] = days_from_civil(2022, 1, 29);
	p[1][0] = days_from_civil(2022, 1, 30);     p[1][1] = days_from_civil(2022, 2, 5);
	p[2][0] = days_from_civil(2022, 2, 6);      p[2][1] = plan_to;

	out_fmt("# Generated by tests/bench/gen_plan %u %u %llu: a benchmark plan, not a real one.\n",
		n_units, per_unit, seed);
	out_str("kehoach: 1\n"
		"plan:\n"
		"  id: bench-plan\n"
		"  title: \"Phân công triển khai thực hiện các nhiệm vụ trước, trong và sau Tết Nguyên đán Nhâm Dần 2022\"\n"
		"  issuer: \"Sở Thông tin và Truyền thông\"\n"
		"  parent: \"UBND tỉnh Hà Tĩnh\"\n"
		"  number: \"77/STTTT-VP\"\n"
		"  issued: 2022-01-19\n"
		"  place: \"Hà Tĩnh\"\n"
		"  basis:\n"
		"    - \"Chỉ thị số 01/CT-UBND ngày 05/01/2022 của UBND tỉnh về việc tăng cường lãnh đạo, chỉ đạo thực hiện các nhiệm vụ trước, trong và sau Tết Nguyên đán Nhâm Dần 2022\"\n"
		"    - \"Nghị quyết của HĐND tỉnh\"\n");
	date_iso(plan_from, from);
	date_iso(plan_to, to);
	out_fmt("  from: %s\n  to: %s\n  phases:\n", from, to);
	for (int i = 0; i < 3; i++) {
		date_iso(p[i][0], from);
		date_iso(p[i][1], to);
		out_fmt("    %s: { from: %s, to: %s }\n", phase_names[i], from, to);
	}

	out_str("units:\n");
	/* The group: its duties are tracked per member. */
	out_str("  - id: cac-phong\n"
		"    name: \"Các phòng, Trung tâm CNTT và Truyền thông\"\n"
		"    members: [");
	unsigned n_members = n_units < GROUP_MEMBERS ? n_units : GROUP_MEMBERS;
	for (unsigned m = 1; m <= n_members; m++)
		out_fmt("%su%04u", m > 1 ? ", " : "", m);
	out_str("]\n    duties:\n");
	for (unsigned d = 1; d <= GROUP_DUTIES; d++) {
		char id[32];
		snprintf(id, sizeof(id), "chung-%u", d);
		emit_duty(id, 0, n_units);
	}

	for (unsigned u = 1; u <= n_units; u++) {
		out_fmt("  - id: u%04u\n    name: \"%s %s\"\n", u,
			unit_kinds[u % N(unit_kinds)],
			places[(u / N(unit_kinds)) % N(places)]);
		if (rng_chance(50))
			out_fmt("    head: \"%s %s %s\"\n", PICK(family_names),
				PICK(middle_names), PICK(given_names));
		if (per_unit == 0)
			continue;
		out_str("    duties:\n");
		for (unsigned d = 1; d <= per_unit; d++) {
			char id[32];
			snprintf(id, sizeof(id), "u%04u-%03u", u, d);
			emit_duty(id, u, n_units);
		}
	}
}

static int parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	int argi = 1;
	if (argi + 1 < argc && strcmp(argv[argi], "-o") == 0) {
		path = argv[argi + 1];
		argi += 2;
	}
	unsigned long long units, per_unit, seed = 1;
	int nargs = argc - argi;
	if (nargs < 2 || nargs > 3 ||
	    parse_uint(argv[argi], 9999, &units) < 0 || units == 0 ||
	    parse_uint(argv[argi + 1], 999, &per_unit) < 0 ||
	    (nargs == 3 && parse_uint(argv[argi + 2], UINT64_MAX, &seed) < 0)) {
		fprintf(stderr,
			"usage: gen_plan [-o PATH] UNITS DUTIES_PER_UNIT [SEED]\n"
			"  UNITS 1..9999, DUTIES_PER_UNIT 0..999 (ids u0001-001 …)\n");
		return 2;
	}
	out_file = stdout;
	if (path && !(out_file = fopen(path, "wb"))) {
		fprintf(stderr, "gen_plan: %s: %s\n", path, strerror(errno));
		return 1;
	}
	rng_seed(seed);
	emit_plan((unsigned)units, (unsigned)per_unit, seed);
	out_flush();
	if (fflush(out_file) != 0 || (path && fclose(out_file) != 0)) {
		fprintf(stderr, "gen_plan: write failed: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
