/* report_sheet_cell: a cell's text, for the sheet as it is built
 * (report_xlsx.c) and for the workbook writer (report_xlsx_write.c, in
 * kehoach-xlsx.so). A file of its own, so that the module, linking the
 * core, brings in only the text functions and nothing that reads the
 * store (meson.build, module_core_dep). */
#include <string.h>

#include "kehoach/text.h"
#include "report_sheet.h"

/* Excel holds at most this many characters in a cell. */
#define CELL_MAX_BYTES 32767

/* A copy of s fit for a cell: sanitised, at most CELL_MAX_BYTES, cut
 * between characters. */
char *report_sheet_cell_text(const char *s, bool multi_line)
{
	char *safe = text_sanitize(s, multi_line ? TEXT_KEEP_NEWLINES : 0);
	size_t len = strlen(safe);
	if (len > CELL_MAX_BYTES) {
		len = CELL_MAX_BYTES;
		while (len > 0 && ((unsigned char)safe[len] & 0xC0) == 0x80)
			len--;
		safe[len] = '\0';
	}
	return safe;
}
