-- Customer codes are unique regardless of case (C001 and c001 are the same customer).
create unique index companies_code_lower on companies (lower(code));
