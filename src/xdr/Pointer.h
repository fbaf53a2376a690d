#pragma once
// Heap boxes with value semantics, for types that contain themselves.
// xdr::pointer<T>: the C++ form of an XDR optional (`T*`), named as in
// xdrpp so that code reads like stellar-core. It is a value, not a handle:
// copying copies the pointee, == compares pointees (two empty pointers are
// equal). T may be incomplete where pointer<T> is declared, which is what
// recursive XDR types (SCVal, ClaimPredicate) need.
// xdr::box<T>: always holds a T. Generated unions keep an arm in a box when
// the arm's type contains the union by value (SCSpecTypeDef's option arm is
// an SCSpecTypeOption, which holds an SCSpecTypeDef); the arm accessor hides
// the box.

#include <cstddef>
#include <memory>
#include <utility>

namespace stellar::xdr
{

template <class T> class pointer
{
  public:
    pointer() noexcept = default;
    pointer(std::nullptr_t) noexcept
    {
    }
    pointer(T const& v) : p_(std::make_unique<T>(v))
    {
    }
    pointer(T&& v) : p_(std::make_unique<T>(std::move(v)))
    {
    }
    pointer(pointer const& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr)
    {
    }
    pointer(pointer&&) noexcept = default;
    pointer&
    operator=(pointer const& o)
    {
        if (this != &o)
            p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    pointer& operator=(pointer&&) noexcept = default;
    ~pointer() = default;

    explicit operator bool() const noexcept { return static_cast<bool>(p_); }
    T& operator*() const noexcept { return *p_; }
    T* operator->() const noexcept { return p_.get(); }
    T* get() const noexcept { return p_.get(); }

    // The pointee, default-constructed first if there is none.
    T&
    activate()
    {
        if (!p_)
            p_ = std::make_unique<T>();
        return *p_;
    }
    void reset() noexcept { p_.reset(); }

    bool
    operator==(pointer const& o) const
    {
        if (!p_ || !o.p_)
            return !p_ == !o.p_;
        return *p_ == *o.p_;
    }

  private:
    std::unique_ptr<T> p_;
};

template <class T> class box
{
  public:
    box() : p_(std::make_unique<T>())
    {
    }
    box(T const& v) : p_(std::make_unique<T>(v))
    {
    }
    box(T&& v) : p_(std::make_unique<T>(std::move(v)))
    {
    }
    box(box const& o) : p_(std::make_unique<T>(o.value()))
    {
    }
    box(box&&) noexcept = default;
    box&
    operator=(box const& o)
    {
        if (this != &o)
            p_ = std::make_unique<T>(o.value());
        return *this;
    }
    box& operator=(box&&) noexcept = default;
    ~box() = default;

    // A moved-from box reads as a default T and comes back to life on write.
    T&
    operator*()
    {
        if (!p_)
            p_ = std::make_unique<T>();
        return *p_;
    }
    T const& operator*() const { return value(); }

    bool operator==(box const& o) const { return value() == o.value(); }

  private:
    T const&
    value() const
    {
        static T const EMPTY{};
        return p_ ? *p_ : EMPTY;
    }

    std::unique_ptr<T> p_;
};

}
