curl -X POST \
  {{url}}/paylater/verify_block \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "app_id": "string",
    "order_id" : "string",
    "otp":"string"
  }'
