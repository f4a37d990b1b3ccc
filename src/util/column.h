// Column: an array that either owns its values or reads them, when first needed, from elsewhere.
// A snapshot built from the store owns its arrays; one read from the snapshot cache uses the cache
// file in place (memory-mapped), and each array is checked (its checksum, its values' ranges) or
// produced (a constant, a derived key) the first time anything reads it, so a question reads only
// the arrays it touches (snapshot/snapshot_cache.cc). To its readers a Column reads like a const
// std::vector; StringColumn (model/batch.h) keeps its codes in one.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <span>
#include <utility>
#include <vector>

namespace cairn {

// Where a lazy column's values come from until it is first read. Produce() runs once, on whichever
// thread reads first, and must never fail: an array that fails its check produces zeros (every
// column's safe value) and records the damage for the engine, which then answers again from a
// snapshot rebuilt from the store.
class LazyArray {
 public:
  virtual ~LazyArray() = default;
  const void* Get() const {
    if (const void* p = ready_.load(std::memory_order_acquire)) return p;
    std::call_once(once_, [this] { ready_.store(Produce(), std::memory_order_release); });
    return ready_.load(std::memory_order_acquire);
  }

 protected:
  virtual const void* Produce() const = 0;

 private:
  mutable std::once_flag once_;
  mutable std::atomic<const void*> ready_{nullptr};
};

template <typename T>
class Column {
 public:
  using value_type = T;
  using const_iterator = const T*;
  using iterator = T*;

  Column() = default;
  Column(std::initializer_list<T> values) : owned_(values) {}
  Column(std::vector<T> values) : owned_(std::move(values)) {}  // NOLINT: takes the vector over
  // A copy owns its values, whatever the original reads from.
  Column(const Column& other) : owned_(other.begin(), other.end()) {}
  Column& operator=(const Column& other) {
    if (this != &other) *this = Column(other);
    return *this;
  }
  Column(Column&&) noexcept = default;
  Column& operator=(Column&&) noexcept = default;

  // A column of `size` values read from `lazy` when first needed.
  static Column Lazy(std::shared_ptr<const LazyArray> lazy, size_t size) {
    Column c;
    c.lazy_ = std::move(lazy);
    c.lazy_size_ = size;
    return c;
  }
  bool is_lazy() const { return lazy_ != nullptr; }

  // Reading: as a const std::vector.
  size_t size() const { return lazy_ ? lazy_size_ : owned_.size(); }
  bool empty() const { return size() == 0; }
  const T* data() const { return lazy_ ? static_cast<const T*>(lazy_->Get()) : owned_.data(); }
  const T& operator[](size_t i) const { return data()[i]; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size(); }
  const T& front() const { return data()[0]; }
  const T& back() const { return data()[size() - 1]; }
  std::span<const T> span() const { return {data(), size()}; }
  operator std::span<const T>() const { return span(); }  // NOLINT: reads as the array it is

  // Building: the vector itself (a lazy column is copied into one first).
  std::vector<T>& values() {
    if (lazy_) {
      const Column& self = *this;
      std::vector<T> copy(self.begin(), self.end());
      lazy_.reset();
      owned_ = std::move(copy);
    }
    return owned_;
  }
  T* data() { return values().data(); }
  T& operator[](size_t i) { return values()[i]; }
  T* begin() { return values().data(); }
  T* end() { return values().data() + owned_.size(); }
  T& back() { return values().back(); }
  void push_back(const T& v) { values().push_back(v); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return values().emplace_back(std::forward<Args>(args)...);
  }
  void resize(size_t n) { values().resize(n); }
  void resize(size_t n, const T& v) { values().resize(n, v); }
  void assign(size_t n, const T& v) { values().assign(n, v); }
  template <typename It>
  void assign(It first, It last) {
    values().assign(first, last);
  }
  void reserve(size_t n) { values().reserve(n); }
  void clear() { values().clear(); }

  friend bool operator==(const Column& a, const Column& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend bool operator==(const Column& a, const std::vector<T>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::vector<T> owned_;
  std::shared_ptr<const LazyArray> lazy_;
  size_t lazy_size_ = 0;
};

}  // namespace cairn
