#pragma once
// SOCI for code that runs SQL on a Database's session. Kept out of Database.h
// so that files which only pass a Database around do not pay for SOCI's headers.
//
// SOCI pitfall: a value bound with soci::use() must outlive the statement.
// `sql << "...", soci::use(std::string("x"))` binds a temporary that dies
// before the statement runs (DEPENDENCIES.md pitfall 3): always bind a named
// variable.

#include <soci/soci.h>
