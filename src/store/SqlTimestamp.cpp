#include "store/SqlTimestamp.h"

#include <fmt/format.h>

#include <chrono>

namespace stellar
{

namespace
{

// Reads exactly `width` digits at `pos`.
std::optional<int>
digits(std::string_view text, std::size_t pos, std::size_t width)
{
    if (pos + width > text.size())
        return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i)
    {
        char c = text[i];
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}

std::string
toSqlTimestamp(SystemTimePoint t)
{
    using namespace std::chrono;
    auto secs = floor<seconds>(t);
    auto day = floor<days>(secs);
    year_month_day ymd{day};
    hh_mm_ss<seconds> hms{secs - day};
    return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count());
}

std::optional<SystemTimePoint>
fromSqlTimestamp(std::string_view text)
{
    using namespace std::chrono;
    // 0123456789012345678
    // YYYY-MM-DD HH:MM:SS
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59)
        return std::nullopt;
    auto rest = text.substr(19);
    if (!rest.empty())
    {
        if (rest[0] != '.' || rest.size() == 1 ||
            rest.substr(1).find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
    }
    year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!ymd.ok())
        return std::nullopt;
    auto t = sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{*s};
    return time_point_cast<SystemTimePoint::duration>(t);
}

int64_t
toUnixSeconds(SystemTimePoint t)
{
    return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

SystemTimePoint
fromUnixSeconds(int64_t seconds)
{
    return SystemTimePoint{std::chrono::seconds{seconds}};
}

}
