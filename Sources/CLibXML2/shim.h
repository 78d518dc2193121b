#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> pulls in the system
   <unicode/ucnv.h>. In any Swift module that also imports Foundation this clashes
   with Foundation's bundled _FoundationICU ("'UErrorCode' has different definitions
   in different modules"), and only on clean builds. We never touch the ICU-only
   fields, so hide them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlwriter.h>

/* Options for reading web pages (htmlCtxtReadMemory): recover from tag soup, stay quiet and
   offline, and take the encoding given by the caller (the bytes are already UTF-8; a
   <meta charset> in them must not switch it). No HTML_PARSE_NOBLANKS: it drops
   whitespace-only text nodes by a heuristic, and that whitespace can be the only space between
   two words: "<time>Thursday</time> <time>7 pm</time>" reads "Thursday7 pm" with it, and so
   does "<img> <b>" or "</mark> <span>". */
static const int CLIBXML2_HTML_OPTS = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC;
static const int CLIBXML2_XML_OPTS = XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET;

/* xmlFree is a global function *pointer* variable; Swift 6 refuses to touch it. */
static inline void clibxml2_free(void *p) { xmlFree(p); }
#endif
