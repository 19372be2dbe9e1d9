/* A small snprintf without libc, for messages made where libc may not run (the hook path's table loader). */
#include <stdint.h>
#include "text_format.h"

struct sink { char *out; size_t size, len; };

static void put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->out[s->len] = c;
	s->len++;
}

static void put_number(struct sink *s, unsigned long long v, int negative, unsigned base, int zero, int width)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	int shown = n + negative;
	if (negative && zero)
		put(s, '-');
	for (; width > shown; width--)
		put(s, zero ? '0' : ' ');
	if (negative && !zero)
		put(s, '-');
	while (n > 0)
		put(s, digits[--n]);
}

size_t text_vformat(char *out, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { out, size, 0 };
	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			put(&s, *p);
			continue;
		}
		p++;
		int zero = *p == '0', width = 0, longs = 0, size_t_arg = 0;
		if (zero)
			p++;
		for (; *p >= '0' && *p <= '9'; p++)
			width = width * 10 + (*p - '0');
		for (; *p == 'l'; p++)
			longs++;
		if (*p == 'z') {
			size_t_arg = 1;
			p++;
		}
		switch (*p) {
		case 'd': {
			long long v = longs >= 2 ? va_arg(ap, long long) : longs == 1 ? va_arg(ap, long)
			            : size_t_arg ? (long long)va_arg(ap, size_t) : va_arg(ap, int);
			put_number(&s, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0, 10, zero, width);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = longs >= 2 ? va_arg(ap, unsigned long long)
			                     : longs == 1 ? va_arg(ap, unsigned long)
			                     : size_t_arg ? va_arg(ap, size_t) : va_arg(ap, unsigned);
			put_number(&s, v, 0, *p == 'x' ? 16 : 10, zero, width);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			for (str = str != NULL ? str : "(null)"; *str != '\0'; str++)
				put(&s, *str);
			break;
		}
		case 'c':
			put(&s, (char)va_arg(ap, int));
			break;
		case '%':
			put(&s, '%');
			break;
		default:   /* not one the messages use: shown as written */
			put(&s, '%');
			if (*p == '\0')
				p--;
			else
				put(&s, *p);
		}
	}
	if (size > 0)
		out[s.len < size ? s.len : size - 1] = '\0';
	return s.len < size ? s.len : (size > 0 ? size - 1 : 0);
}

size_t text_format(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = text_vformat(out, size, fmt, ap);
	va_end(ap);
	return n;
}
