//! Pagination of lists of programmes (the home list, each term's list): how many pages, and
//! which programmes are on page n.

/// Programmes per page on the home page.
pub const PER_PAGE: usize = 50;

pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

pub fn page_slice(items: &[usize], n: usize) -> &[usize] {
    let start = ((n - 1) * PER_PAGE).min(items.len());
    &items[start..(n * PER_PAGE).min(items.len())]
}
