-- A database per service, as on Kubernetes; each service migrates its own schema at start.
create database customer;
create database risk;
create database engagement;
create database winback;
