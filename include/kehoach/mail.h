/* mail: a message to a person, composed as MIME and handed to the
 * system's sendmail interface (any MTA: msmtp, postfix, exim).
 *
 * Composing is GMime's (headers with RFC 2047 encoded words, a UTF-8
 * text/plain body, multipart/mixed with attachments named after RFC
 * 2231), in a module loaded the first time a message is composed
 * (kehoach-mail.so, see module.h): GMime brings glib, which no other
 * command needs. Sending spawns the configured command without a shell,
 * the message on its standard input. */
#ifndef KEHOACH_MAIL_H
#define KEHOACH_MAIL_H

#include <stddef.h>

#include "kehoach/error.h"
#include "kehoach/util.h"

struct mail_attachment {
	const char *filename;      /* "danh-sach-vp.pdf" (UTF-8 allowed) */
	const char *content_type;  /* "application/pdf" */
	const void *data;
	size_t size;
};

struct mail_message {
	const char *from;          /* the sender's address */
	const char *from_name;     /* shown beside it; NULL: none */
	const char *to;
	const char *to_name;       /* NULL: none */
	const char *subject;       /* UTF-8, one line */
	const char *body;          /* UTF-8 text, lines ending in '\n' */
	long long date;            /* unix time of the Date header */
	const struct mail_attachment *attachments;
	size_t n_attachments;
};

/* Appends message, as RFC 5322 text with CRLF-free LF line ends (as
 * sendmail -t reads it), to out. Returns 0, or -1 with err (the mail
 * module cannot be loaded). */
int mail_compose(const struct mail_message *message, struct buf *out,
		 struct kh_error *err);

/* The module's entry (mail_mime.c), with the same contract. */
typedef int (*mail_compose_fn)(const struct mail_message *message, struct buf *out,
			       struct kh_error *err);

/* Runs command (NULL-terminated words; the first found in PATH when it
 * has no '/') with text on its standard input, and waits for it.
 * Returns 0 when it exits with 0, else -1 with err saying how it failed
 * (not found, its exit status or signal, and the first line it wrote to
 * standard error). */
int mail_send(const char *const *command, const char *text, size_t len,
	      struct kh_error *err);

/* The default command: /usr/sbin/sendmail -t -oi. */
extern const char *const mail_default_sendmail[];

#endif
