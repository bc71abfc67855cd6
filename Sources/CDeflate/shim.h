#ifndef CDEFLATE_SHIM_H
#define CDEFLATE_SHIM_H
/// libdeflate: fast whole-buffer gzip decompression (Debian package libdeflate-dev).
#include <libdeflate.h>
#endif
