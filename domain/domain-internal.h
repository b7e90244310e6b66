/* domain-internal: what domain-xml.c and domain-devices.c share; nothing else includes it. */
#ifndef WS_DOMAIN_INTERNAL_H
#define WS_DOMAIN_INTERNAL_H

#include "domain.h"

/* libxml2 takes xmlChar (unsigned char); every name and value here is UTF-8 text. */
#define X(s) ((const xmlChar *) (s))

/* A child element with attributes given as name, value pairs ending with NULL; a NULL value
 * leaves its attribute out. */
xmlNode *domain_child (xmlNode *parent, const char *name, ...) G_GNUC_NULL_TERMINATED;
/* A child element holding text (escaped by libxml2). */
xmlNode *domain_text_child (xmlNode *parent, const char *name, const char *text);

/* <devices> and all it holds. */
void domain_add_devices (xmlNode *domain, const struct domain_guest *g);

#endif
