#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

// The wide-character API (cchar_t, setcchar, wadd_wch) needs NCURSES_WIDECHAR before the include.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>

// Function-like macros and globals, re-exported as functions (Swift 6 rejects the globals).
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline FILE *cn_stdin(void) { return stdin; }
static inline FILE *cn_stdout(void) { return stdout; }

// tigetstr returns (char *)-1 for a capability that is not a string; fold that into NULL.
static inline const char *cn_tigetstr(const char *cap) {
  char *s = tigetstr(cap);
  return (s == (char *)-1) ? NULL : s;
}

#endif
