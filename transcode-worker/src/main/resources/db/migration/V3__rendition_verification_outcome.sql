-- Lossy renditions are verified too (ADR 0016): decodable, right geometry, close to the 8-bit image;
-- never sample-identical. 'passed' is what retention will rely on; 'identical' stays the lossless check.
alter table rendition_verification add column outcome text not null default 'LOSSLESS';
alter table rendition_verification add column passed boolean;
update rendition_verification set passed = identical;
alter table rendition_verification alter column passed set not null;
