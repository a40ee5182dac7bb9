/* mail: composing a message as MIME with GMime, in the module
 * kehoach-mail.so (mail.h): glib and GMime are loaded only by the
 * commands that send mail. */
#include <gmime/gmime.h>
#include <stdbool.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/mail.h"

/* The module's one entry, found by name (mail.c). */
int mail_module_compose(const struct mail_message *message, struct buf *out,
			struct kh_error *err);

/* The domain of the sender, for the Message-ID. */
static const char *domain_of(const char *address)
{
	const char *at = strrchr(address, '@');
	return at && at[1] ? at + 1 : "localhost";
}

static GMimeObject *text_part(const char *body)
{
	GMimeTextPart *text = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(text, body);
	g_mime_text_part_set_charset(text, "utf-8");
	/* Vietnamese is mostly ASCII letters with marks: quoted-printable
	 * keeps it readable in a raw mailbox, and 7-bit safe. */
	g_mime_part_set_content_encoding(GMIME_PART(text), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	return GMIME_OBJECT(text);
}

static GMimeObject *attachment_part(const struct mail_attachment *a)
{
	const char *slash = strchr(a->content_type, '/');
	char *type = slash ? g_strndup(a->content_type, (gsize)(slash - a->content_type))
			   : g_strdup("application");
	GMimePart *part = g_mime_part_new_with_type(type, slash ? slash + 1 : "octet-stream");
	g_free(type);
	/* The filename goes in the disposition and, for old readers, the
	 * type's name; GMime encodes non-ASCII after RFC 2231. */
	g_mime_part_set_filename(part, a->filename);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(a->data, a->size);
	GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream,
		GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, content);
	g_object_unref(content);
	g_object_unref(stream);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	return GMIME_OBJECT(part);
}

int mail_module_compose(const struct mail_message *m, struct buf *out,
			struct kh_error *err)
{
	static bool ready;
	(void)err;
	if (!ready) {
		g_mime_init();
		ready = true;
	}
	GMimeMessage *message = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_FROM,
				   m->from_name ? m->from_name : "", m->from);
	g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_TO,
				   m->to_name ? m->to_name : "", m->to);
	g_mime_message_set_subject(message, m->subject, "utf-8");
	GDateTime *date = g_date_time_new_from_unix_local((gint64)m->date);
	g_mime_message_set_date(message, date);
	g_date_time_unref(date);
	char *id = g_mime_utils_generate_message_id(domain_of(m->from));
	g_mime_message_set_message_id(message, id);
	g_free(id);
	/* Written by a program, not a person: no vacation replies to it. */
	g_mime_object_set_header(GMIME_OBJECT(message), "Auto-Submitted", "auto-generated", NULL);

	GMimeObject *body = text_part(m->body);
	if (m->n_attachments) {
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
		g_mime_multipart_add(mixed, body);
		g_object_unref(body);
		for (size_t i = 0; i < m->n_attachments; i++) {
			GMimeObject *part = attachment_part(&m->attachments[i]);
			g_mime_multipart_add(mixed, part);
			g_object_unref(part);
		}
		body = GMIME_OBJECT(mixed);
	}
	g_mime_message_set_mime_part(message, body);
	g_object_unref(body);

	GMimeStream *stream = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(GMIME_OBJECT(message), NULL, stream);
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
	buf_append(out, (const char *)bytes->data, bytes->len);
	g_object_unref(stream);
	g_object_unref(message);
	return 0;
}
